package dev.sharedschema.examples.springboot;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's notes. The JdbcTemplate is Boot's, over {@link TenantDataSource}: the same code serves
 * every tenant, each from its own linked database. Rows are returned with every column, so a column
 * a migration adds shows up without a code change.
 */
@RestController
@RequestMapping("/tenants/{tenant}/notes")
class NoteController {
  private final JdbcTemplate jdbc;

  NoteController(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @GetMapping
  List<Map<String, Object>> list() {
    return jdbc.queryForList("SELECT * FROM note ORDER BY id");
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Map<String, Object> add(@RequestBody String body) {
    return jdbc.queryForMap("INSERT INTO note (body) VALUES (?) RETURNING *", body);
  }
}
