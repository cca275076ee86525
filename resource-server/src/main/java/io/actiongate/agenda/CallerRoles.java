package io.actiongate.agenda;

/** The roles a caller of the API can have beside a user's: shared by the packages that grant and check them. */
public final class CallerRoles {

    /** A plugin platform's service token (service_http mode): no user, so no agenda of its own. */
    public static final String PLATFORM = "platform";

    private CallerRoles() {
    }
}
