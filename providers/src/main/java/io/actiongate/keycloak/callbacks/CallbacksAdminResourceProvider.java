package io.actiongate.keycloak.callbacks;

import io.actiongate.keycloak.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Serves {@link CallbacksAdminResource} under {@code /admin/realms/{realm}/}{@value #PROVIDER_ID}. */
public class CallbacksAdminResourceProvider implements AdminRealmResourceProvider, AdminRealmResourceProviderFactory,
        StatelessProviderFactory<AdminRealmResourceProvider> {

    public static final String PROVIDER_ID = "chatgpt";

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        return new CallbacksAdminResource(session, realm, auth, adminEvent);
    }

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void close() {
        // Both the provider (Provider.close) and its factory: one stateless object.
    }
}
