package io.actiongate.agenda.live;

import io.actiongate.agenda.items.AgendaChanged;
import io.actiongate.agenda.items.ItemRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which users' agendas changed, for their open pages. On H2 (one process) a committed change is passed on
 * in-process; on PostgreSQL it goes out as a NOTIFY in the change's own transaction and comes back, to this
 * instance and every other one on the database, through {@link PostgresChangeListener}.
 */
@ApplicationScoped
public class AgendaChangeFeed {

    /** The PostgreSQL channel every instance listens on; its payload is the owner's {@code sub}. */
    static final String CHANNEL = "agenda_changed";
    /** Sent to every page after the feed may have missed changes (the listener reconnected): all catch up. */
    static final String EVERYONE = "";

    private final BroadcastProcessor<String> changes = BroadcastProcessor.create();

    @Inject
    ItemRepository items;

    @ConfigProperty(name = "agenda.db")
    String database;

    boolean onPostgres() {
        return "postgresql".equals(database);
    }

    /** In the change's transaction: on PostgreSQL, the NOTIFY that commits with it. */
    void inTransaction(@Observes AgendaChanged change) {
        if (onPostgres()) {
            items.notifyChanged(CHANNEL, change.owner());
        }
    }

    /** After commit: on H2, straight to this process's pages. */
    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) AgendaChanged change) {
        if (!onPostgres()) {
            publish(change.owner());
        }
    }

    /** Passes a change on to the open pages (the owner's, or everyone's for {@link #EVERYONE}). */
    synchronized void publish(String owner) {
        changes.onNext(owner);
    }

    /**
     * A signal ({@code "changed"}) each time the owner's agenda may have changed. A slow page misses nothing
     * that matters: the signals are all alike, so the latest one kept stands for any it had to drop.
     */
    public Multi<String> of(String owner) {
        return changes.filter(changed -> changed.equals(owner) || changed.equals(EVERYONE))
                .map(changed -> "changed")
                .onOverflow().dropPreviousItems();
    }

}
