package io.actiongate.agenda.items;

/** The caller is authenticated, but not as a user (the plugin platform's service token): items belong to users. */
public final class NotAUserException extends RuntimeException {

    public NotAUserException() {
        super("Agenda items belong to a user: sign the user in (OAuth); the platform's service token cannot read or change them.");
    }
}
