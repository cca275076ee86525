package io.actiongate.agenda.live;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * With several API instances on one PostgreSQL, a change made through any of them reaches the pages every
 * instance serves: each holds one connection that LISTENs on the feed's channel. After a lost connection it
 * reconnects and tells every page to catch up, since NOTIFYs sent meanwhile are gone.
 */
@ApplicationScoped
public class PostgresChangeListener {

    private static final Logger LOG = Logger.getLogger(PostgresChangeListener.class);
    private static final int WAIT_MILLIS = 5_000;

    @Inject
    AgendaChangeFeed feed;

    @Inject
    @Any
    InjectableInstance<AgroalDataSource> dataSources;

    private volatile boolean stopped;
    private Thread thread;

    void start(@Observes StartupEvent started) {
        if (!feed.onPostgres()) {
            return;
        }
        AgroalDataSource dataSource = dataSources.getActive();
        thread = new Thread(() -> listen(dataSource), "agenda-change-listener");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void listen(AgroalDataSource dataSource) {
        while (!stopped) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + AgendaChangeFeed.CHANNEL);
                feed.publish(AgendaChangeFeed.EVERYONE);
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (!stopped) {
                    PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
                    if (received != null) {
                        for (PGNotification notification : received) {
                            feed.publish(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (!stopped) {
                    LOG.warnf("listening for agenda changes failed (%s); retrying in 1 s", e.getMessage());
                    sleep();
                }
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
