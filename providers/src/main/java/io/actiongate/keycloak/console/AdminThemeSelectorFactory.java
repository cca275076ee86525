package io.actiongate.keycloak.console;

import io.actiongate.keycloak.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.theme.DefaultThemeSelectorProvider;
import org.keycloak.theme.Theme;
import org.keycloak.theme.ThemeSelectorProvider;
import org.keycloak.theme.ThemeSelectorProviderFactory;

/**
 * Keycloak's theme selection with one change: the admin console's default theme is ActionGate's
 * ({@code themes/actiongate/admin}: keycloak.v2 plus copy buttons on the GPT clients page), so the master realm's
 * console has them without a realm setting. A realm whose admin theme is set keeps it; every other theme type
 * is chosen as Keycloak does. Selected in keycloak.conf ({@code spi-theme-selector--provider-default}).
 */
public class AdminThemeSelectorFactory implements ThemeSelectorProviderFactory, StatelessProviderFactory<ThemeSelectorProvider> {

    public static final String PROVIDER_ID = "actiongate";
    static final String ADMIN_THEME = "actiongate";

    @Override
    public ThemeSelectorProvider create(KeycloakSession session) {
        return new DefaultThemeSelectorProvider(session) {
            @Override
            public String getDefaultThemeName(Theme.Type type) {
                return type == Theme.Type.ADMIN ? ADMIN_THEME : super.getDefaultThemeName(type);
            }
        };
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
