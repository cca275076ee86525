package io.actiongate.agenda.items;

/**
 * One user's agenda changed (an item added, changed or deleted, through any door: REST, MCP or the page). Fired
 * inside the change's transaction; observers that tell others act after it commits.
 */
public record AgendaChanged(String owner) {
}
