package io.actiongate.keycloak.rotation;

import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.refresh.RefreshTokenProvider;
import org.keycloak.protocol.oidc.refresh.RefreshTokenProviderFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** See {@link RotatingRefreshTokenProvider}. Configured by the launcher from {@code REFRESH_REUSE_GRACE}. */
public class RotatingRefreshTokenProviderFactory implements RefreshTokenProviderFactory {

    private static final Logger LOG = Logger.getLogger(RotatingRefreshTokenProviderFactory.class);

    public static final String PROVIDER_ID = "actiongate-refresh-rotation";
    /** Seconds a spent refresh token still refreshes after its first use. */
    public static final String REUSE_GRACE = "reuse-grace";
    public static final long DEFAULT_REUSE_GRACE = 120;
    static final long MAX_REUSE_GRACE = 86_400;
    /** Below this, ChatGPT's own parallel or retried refreshes may be taken for a replay. */
    static final long ADVISED_MIN_REUSE_GRACE = 30;

    private long graceSeconds = DEFAULT_REUSE_GRACE;

    @Override
    public RefreshTokenProvider create(KeycloakSession session) {
        return new RotatingRefreshTokenProvider(session, graceSeconds);
    }

    @Override
    public void init(Config.Scope config) {
        graceSeconds = parseGrace(config.get(REUSE_GRACE));
        LOG.infof("ActionGate: connectors' refresh tokens rotate; a spent one still refreshes for %d s (REFRESH_REUSE_GRACE)", graceSeconds);
        if (graceSeconds < ADVISED_MIN_REUSE_GRACE) {
            LOG.warnf("ActionGate: REFRESH_REUSE_GRACE=%d is under %d s: ChatGPT's parallel and retried refreshes may be "
                    + "taken for a replay and cut its connections", graceSeconds, ADVISED_MIN_REUSE_GRACE);
        }
    }

    static long parseGrace(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_REUSE_GRACE;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds >= 1 && seconds <= MAX_REUSE_GRACE) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("REFRESH_REUSE_GRACE must be a whole number of seconds from 1 to "
                + MAX_REUSE_GRACE + "; got '" + value + "'");
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    /** Providers are asked highest order first: before Keycloak's default (0), which takes every other client. */
    @Override
    public int order() {
        return 10;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(REUSE_GRACE).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Seconds a spent refresh token of a rotating client still refreshes after its first use")
                .defaultValue(String.valueOf(DEFAULT_REUSE_GRACE)).add()
                .build();
    }
}
