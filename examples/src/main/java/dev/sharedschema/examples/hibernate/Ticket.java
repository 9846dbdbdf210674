package dev.sharedschema.examples.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/** Release 1 of the application maps table {@code ticket} as created by {@code V1__ticket.sql}. */
@Entity(name = "Ticket")
@Table(name = "ticket", indexes = @Index(name = "ticket_by_done", columnList = "done"))
public class Ticket {
  // SQLite reports the rowid alias as INTEGER while Hibernate expects BIGINT for a Long: without
  // this, hbm2ddl validation fails (also on the DDL Hibernate itself generates for SQLite).
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  @Column(columnDefinition = "integer")
  private Long id;

  @Column(nullable = false, length = 200)
  private String title;

  @Column(nullable = false)
  private boolean done;

  protected Ticket() {}

  public Ticket(String title) {
    this.title = title;
  }

  public Long getId() {
    return id;
  }

  public String getTitle() {
    return title;
  }

  public boolean isDone() {
    return done;
  }

  public void setDone(boolean done) {
    this.done = done;
  }
}
