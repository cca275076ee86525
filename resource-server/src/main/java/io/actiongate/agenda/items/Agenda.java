package io.actiongate.agenda.items;

import io.actiongate.agenda.CallerRoles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The agenda's operations, shared by the REST API (GPT Actions) and the MCP tools (ChatGPT apps), so both have the
 * same owner isolation and the same validation: every operation is scoped to the caller's {@code sub}, and another
 * user's item is simply not found.
 */
@ApplicationScoped
public class Agenda {

    @Inject
    ItemRepository items;

    @Inject
    Validator validator;

    @Inject
    Event<AgendaChanged> changed;

    /** The signed-in user the operation is for. */
    public static String ownerOf(SecurityIdentity identity) {
        if (identity.isAnonymous() || identity.hasRole(CallerRoles.PLATFORM)
                || !(identity.getPrincipal() instanceof JsonWebToken token) || token.getSubject() == null) {
            throw new NotAUserException();
        }
        return token.getSubject();
    }

    public List<ItemView> list(String owner, String from, String to) {
        return items.listOwned(owner, date("from", from), date("to", to));
    }

    public ItemView get(String owner, long id) {
        return ItemView.of(owned(owner, id));
    }

    @Transactional
    public ItemView create(String owner, NewItem request) {
        validate(request);
        Item item = new Item();
        item.ownerSub = owner;
        item.date = request.date();
        item.text = request.text();
        item.done = Boolean.TRUE.equals(request.done());
        items.persist(item);
        changed.fire(new AgendaChanged(owner));
        return ItemView.of(item);
    }

    @Transactional
    public ItemView update(String owner, long id, ItemChanges changes) {
        validate(changes);
        Item item = owned(owner, id);
        if (changes.date() != null) {
            item.date = changes.date();
        }
        if (changes.text() != null) {
            item.text = changes.text();
        }
        if (changes.done() != null) {
            item.done = changes.done();
        }
        changed.fire(new AgendaChanged(owner));
        return ItemView.of(item);
    }

    @Transactional
    public void delete(String owner, long id) {
        items.delete(owned(owner, id));
        changed.fire(new AgendaChanged(owner));
    }

    private Item owned(String owner, long id) {
        return items.findOwned(owner, id).orElseThrow(() -> new NoSuchItemException(id));
    }

    /** The REST layer has validated already (@Valid); the MCP tools have not. Checking twice costs microseconds. */
    private <T> void validate(T request) {
        Set<ConstraintViolation<T>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
    }

    /** An ISO 8601 date, or null when absent. */
    public static LocalDate date(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException(field, "must be an ISO 8601 date such as 2026-11-23");
        }
    }
}
