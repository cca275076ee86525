package io.actiongate.agenda.items;

import io.quarkus.arc.InjectableInstance;
import io.quarkus.cache.CacheResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

/**
 * Every query is scoped to one owner: another user's item is simply not found. Works on whichever persistence
 * unit is active: H2 (default) or PostgreSQL ({@code AGENDA_DB=postgresql}), chosen at start-up.
 */
@ApplicationScoped
public class ItemRepository {

    @Inject
    @Any
    InjectableInstance<Session> sessions;

    private Session session() {
        return sessions.getActive();
    }

    /**
     * The owner's items, read straight into views (the busiest read of the API and of /mcp): no entities for the
     * session to hold and check for changes.
     */
    public List<ItemView> listOwned(String ownerSub, LocalDate from, LocalDate to) {
        StringBuilder query = new StringBuilder("select id, date, text, done from Item where ownerSub = :owner");
        if (from != null) {
            query.append(" and date >= :from");
        }
        if (to != null) {
            query.append(" and date <= :to");
        }
        var typed = session().createSelectionQuery(query.append(" order by date, id").toString(), ItemView.class)
                .setParameter("owner", ownerSub);
        if (from != null) {
            typed.setParameter("from", from);
        }
        if (to != null) {
            typed.setParameter("to", to);
        }
        return typed.getResultList();
    }

    public Optional<Item> findOwned(String ownerSub, long id) {
        return session().createSelectionQuery("from Item where id = :id and ownerSub = :owner", Item.class)
                .setParameter("id", id).setParameter("owner", ownerSub).uniqueResultOptional();
    }

    public void persist(Item item) {
        session().persist(item);
    }

    public void delete(Item item) {
        session().remove(item);
    }

    /**
     * Tells every API instance on this PostgreSQL database that the owner's agenda changed. NOTIFY is
     * transactional: it is delivered when the change commits, and never when it rolls back.
     */
    public void notifyChanged(String channel, String ownerSub) {
        session().createNativeQuery("select pg_notify(:channel, :owner)", Object.class)
                .setParameter("channel", channel).setParameter("owner", ownerSub).getSingleResult();
    }

    /** The cache of {@link #count()}; its age limit is {@code STATS_MAX_AGE} (application.properties). */
    public static final String COUNT_CACHE = "item-count";

    /**
     * All items of all users. Kept for a few seconds: any signed-in caller may ask, and a count of the whole table per
     * request would let one caller keep the database scanning it; concurrent misses share one query.
     */
    @CacheResult(cacheName = COUNT_CACHE)
    public long count() {
        return session().createSelectionQuery("select count(*) from Item", Long.class).getSingleResult();
    }
}
