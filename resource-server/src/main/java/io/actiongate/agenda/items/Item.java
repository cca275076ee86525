package io.actiongate.agenda.items;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDate;

/** An agenda item, owned by one user (the token's {@code sub}). */
@Entity
@Table(name = "agenda_item")
public class Item {

    public static final int MAX_TEXT_LENGTH = 2000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "owner_sub", nullable = false)
    public String ownerSub;

    @Column(name = "item_date", nullable = false)
    public LocalDate date;

    @Column(name = "item_text", nullable = false, length = MAX_TEXT_LENGTH)
    public String text;

    @Column(name = "done", nullable = false)
    public boolean done;
}
