package io.actiongate.agenda.items;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;
import java.util.Map;

/**
 * Turns the one user-facing setting {@code agenda.db} ({@code AGENDA_DB}: {@code h2} or {@code postgresql})
 * into the "active" flags of the two built-in datasources and persistence units, so one build of the API runs on
 * either database.
 */
@Priority(Priorities.APPLICATION)
public class AgendaDatabaseSelection implements ConfigSourceInterceptor {

    static final String SETTING = "agenda.db";
    static final String H2 = "h2";
    static final String POSTGRESQL = "postgresql";

    /** Each flag and the database it stands for. */
    private static final Map<String, String> ACTIVE_FLAGS = Map.of(
            "quarkus.datasource.active", H2,
            "quarkus.hibernate-orm.active", H2,
            "quarkus.datasource.postgresql.active", POSTGRESQL,
            "quarkus.datasource.\"postgresql\".active", POSTGRESQL,
            "quarkus.hibernate-orm.postgresql.active", POSTGRESQL,
            "quarkus.hibernate-orm.\"postgresql\".active", POSTGRESQL);

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        String database = ACTIVE_FLAGS.get(name);
        if (database == null) {
            return context.proceed(name);
        }
        ConfigValue chosen = context.proceed(SETTING);
        String value = chosen == null || chosen.getValue() == null || chosen.getValue().isBlank() ? H2 : chosen.getValue().trim();
        if (!value.equals(H2) && !value.equals(POSTGRESQL)) {
            throw new IllegalArgumentException("AGENDA_DB must be h2 or postgresql, not '" + value + "'");
        }
        return ConfigValue.builder().withName(name).withValue(String.valueOf(value.equals(database)))
                .withConfigSourceName("AGENDA_DB").build();
    }
}
