package io.actiongate.server.testing;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives an IT its Keycloak and the clients that talk to it, as parameters of its constructor, test methods or
 * {@code @BeforeAll}: {@link KeycloakUnderTest} (or {@link StagedKeycloak}), {@link KeycloakAdmin}, {@link ChatGpt}
 * (the realm's GPT client) and {@link McpConnector} (the realm's connector client).
 *
 * <p>{@code @ExtendWith(ServerExtension.class)} gives the server the whole test JVM shares. A test that needs
 * other settings registers its own, started before its tests and stopped after them:
 * {@code @RegisterExtension static final ServerExtension server = ServerExtension.own(() -> StagedKeycloak.start(...));}
 */
public final class ServerExtension implements BeforeAllCallback, ParameterResolver {

    private static final Set<Class<?>> RESOLVED = Set.of(
            KeycloakUnderTest.class, StagedKeycloak.class, KeycloakAdmin.class, ChatGpt.class, McpConnector.class);

    private final Supplier<StagedKeycloak> start;
    private final boolean own;
    private StagedKeycloak keycloak;
    private KeycloakAdmin admin;

    /** The shared server; what {@code @ExtendWith} constructs. */
    public ServerExtension() {
        this(StagedKeycloak::shared, false);
    }

    private ServerExtension(Supplier<StagedKeycloak> start, boolean own) {
        this.start = start;
        this.own = own;
    }

    /** A server of the test class's own, stopped after its last test. */
    public static ServerExtension own(Supplier<StagedKeycloak> start) {
        return new ServerExtension(start, true);
    }

    /** A server of the test class's own with the test realm and {@code environment} on top of the defaults. */
    public static ServerExtension own(Map<String, String> environment) {
        return own(() -> StagedKeycloak.start(RealmSettings.forTests(TestCallbacks.APPROVED_ENTRIES), environment));
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (keycloak != null) {
            return; // a nested class's beforeAll: the server is already there
        }
        keycloak = start.get();
        admin = new KeycloakAdmin(keycloak);
        context.getStore(ExtensionContext.Namespace.create(ServerExtension.class, context.getRequiredTestClass()))
                .put("server", (ExtensionContext.Store.CloseableResource) this::stop);
    }

    private synchronized void stop() {
        admin.close();
        if (own) {
            keycloak.close();
        }
        keycloak = null;
    }

    /** The server, for a test's static set-up beside the injected parameters. */
    public StagedKeycloak keycloak() {
        return keycloak;
    }

    /** The admin client of {@link #keycloak()}. */
    public KeycloakAdmin admin() {
        return admin;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return RESOLVED.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == KeycloakUnderTest.class || type == StagedKeycloak.class) {
            return keycloak;
        }
        if (type == KeycloakAdmin.class) {
            return admin;
        }
        if (type == ChatGpt.class) {
            return new ChatGpt(keycloak);
        }
        if (type == McpConnector.class) {
            return new McpConnector(keycloak);
        }
        throw new ParameterResolutionException("not a server parameter: " + type);
    }
}
