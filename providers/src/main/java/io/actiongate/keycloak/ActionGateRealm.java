package io.actiongate.keycloak;

/** Realm attributes ActionGate keeps on the realms it manages; defined once, used by the migration and the console. */
public final class ActionGateRealm {

    /** The version of the realm's shape, which the realm migrations bring it to at every start. */
    public static final String VERSION = "actiongate.realm-version";

    private ActionGateRealm() {
    }
}
