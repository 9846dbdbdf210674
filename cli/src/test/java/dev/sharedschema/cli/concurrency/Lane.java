package dev.sharedschema.cli.concurrency;

import java.util.ArrayList;
import java.util.List;

/**
 * One submitter's migrations: migration {@code k} of lane {@code L} writes the order witness {@code
 * L-k} into {@code applied_log} and adds column {@code ck} to the lane's own table {@code lane_L}.
 * The witness comes first, so the job's summary in the registry names it.
 */
record Lane(String name) {
  String table() {
    return "lane_" + name;
  }

  String witness(int k) {
    return name + "-" + k;
  }

  String migration(int k) {
    return "INSERT INTO applied_log(name) VALUES ('"
        + witness(k)
        + "');\nALTER TABLE "
        + table()
        + " ADD COLUMN c"
        + k
        + " INTEGER";
  }

  /** The witnesses of its first {@code migrations} migrations, in order. */
  List<String> witnesses(int migrations) {
    List<String> out = new ArrayList<>();
    for (int k = 1; k <= migrations; k++) {
      out.add(witness(k));
    }
    return out;
  }

  /** The columns of {@code lane_L} once its first {@code migrations} migrations ran, in order. */
  List<String> columns(int migrations) {
    List<String> out = new ArrayList<>(List.of("id"));
    for (int k = 1; k <= migrations; k++) {
      out.add("c" + k);
    }
    return out;
  }
}
