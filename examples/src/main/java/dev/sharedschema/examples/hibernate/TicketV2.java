package dev.sharedschema.examples.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/**
 * Release 2 of the application: the same table after {@code V2__ticket_priority.sql}, with the new
 * {@code priority} column mapped. (Two classes only because the example runs both releases in one
 * JVM; a real application has one {@code Ticket} class that gains the field.)
 */
@Entity(name = "Ticket")
@Table(name = "ticket", indexes = @Index(name = "ticket_by_done", columnList = "done"))
public class TicketV2 {
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

  @Column(nullable = false)
  private int priority;

  protected TicketV2() {}

  public TicketV2(String title, int priority) {
    this.title = title;
    this.priority = priority;
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

  public int getPriority() {
    return priority;
  }

  public void setPriority(int priority) {
    this.priority = priority;
  }
}
