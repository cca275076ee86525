package io.actiongate.keycloak.audit;

import org.keycloak.provider.ProviderEvent;

/**
 * Published (to provider event listeners, on this node) after the transaction that saved an event of a client
 * committed, so other capabilities can react without this package knowing them (the console page shows
 * the client's recent activity).
 */
public record GptEventSaved(String realmId, String clientId) implements ProviderEvent {
}
