package dev.sharedschema.driver.internal.schema;

import dev.sharedschema.parser.ClassifiedSql;
import dev.sharedschema.parser.PragmaCategory;
import dev.sharedschema.parser.SqlClassifier;
import dev.sharedschema.parser.SqlStatement;
import dev.sharedschema.parser.StatementKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Decides where a schema connection runs a text ({@link Plan}), once per text. */
final class Planner {
  private static final Map<String, Plan> PLANS = new ConcurrentHashMap<>();
  private static final int PLAN_CACHE_LIMIT = 4096;

  private Planner() {}

  /**
   * Where {@code sql} runs. Cached by text (per set of local tables, which plans depend on): a
   * repeated text is planned once.
   */
  static Plan plan(String sql, SqlClassifier classifier, LocalTables localTables) {
    Map<String, Plan> cache = localTables.isEmpty() ? PLANS : localTables.plans();
    Plan p = cache.get(sql);
    if (p == null) {
      p = planUncached(classifier.classify(sql), localTables);
      if (cache == PLANS && PLANS.size() >= PLAN_CACHE_LIMIT) {
        PLANS.clear(); // bounded memory; plans are cheap to redo
      }
      cache.put(sql, p);
    }
    return p;
  }

  private static Plan planUncached(ClassifiedSql c, LocalTables localTables) {
    if (c.allReads()) {
      return Plan.LOCAL_READ;
    }
    List<String> travel = new ArrayList<>();
    Set<Integer> schemaOnly = new HashSet<>();
    boolean returnsRows = false;
    List<String> local = new ArrayList<>();
    boolean travellingPragma = false;
    for (SqlStatement s : c.statements()) {
      if (s.kind() == StatementKind.CONNECTION_LOCAL) {
        local.add(s.sql());
        travellingPragma |=
            s.pragma() != null && s.pragma().category() == PragmaCategory.SESSION_TRAVELLING;
      } else {
        if (localTables.isLocalWrite(s)) {
          schemaOnly.add(travel.size());
        }
        travel.add(s.sql());
        returnsRows = s.returnsRows();
      }
    }
    boolean writes = c.statements().stream().anyMatch(s -> s.kind().mayWrite());
    if (!writes) {
      return new Plan(Plan.Route.LOCAL, List.of(), List.of(), travellingPragma, true, Set.of());
    }
    boolean allLocal = schemaOnly.size() == travel.size();
    return new Plan(
        allLocal ? Plan.Route.LOCAL_WRITE : Plan.Route.MIGRATION,
        List.copyOf(travel),
        List.copyOf(local),
        travellingPragma,
        returnsRows,
        Set.copyOf(schemaOnly));
  }
}
