package io.actiongate.agenda.items;

/** The caller has no item with this id: missing and someone else's look the same. */
public final class NoSuchItemException extends RuntimeException {

    public NoSuchItemException(long id) {
        super("No item " + id + " in your agenda.");
    }
}
