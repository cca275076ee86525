package io.actiongate.agenda.items;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Every query is scoped to one owner: another user's item is simply not found. */
@ApplicationScoped
public class ItemRepository implements PanacheRepository<Item> {

    public List<Item> listOwned(String ownerSub, LocalDate from, LocalDate to) {
        StringBuilder query = new StringBuilder("ownerSub = :owner");
        Parameters parameters = Parameters.with("owner", ownerSub);
        if (from != null) {
            query.append(" and date >= :from");
            parameters.and("from", from);
        }
        if (to != null) {
            query.append(" and date <= :to");
            parameters.and("to", to);
        }
        return find(query.toString(), Sort.by("date").and("id"), parameters).list();
    }

    public Optional<Item> findOwned(String ownerSub, long id) {
        return find("id = ?1 and ownerSub = ?2", id, ownerSub).firstResultOptional();
    }
}
