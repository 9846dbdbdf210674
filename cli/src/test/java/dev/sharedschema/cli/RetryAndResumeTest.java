package dev.sharedschema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** retry and resume. */
class RetryAndResumeTest {
  @TempDir Path dir;

  @Test
  void aRunFailureIsExitOneWithTheRecoveryAdvice() throws Exception {
    TestFleet f = TestFleet.create(dir, 2);
    Cli.Result r = PausedJob.make(f);
    r.failsClearly(
        "paused in RunFailure",
        f.tenant(1).toString(),
        "FOREIGN KEY",
        "sharedschema retry " + f.schema() + " 3");
    assertThat(r.out()).contains("job 3 RunFailure", "1 RunSuccess, 1 RunFailure");
  }

  private static final long PAUSE_MS = 2000;

  @Test
  void retryAfterTheFixFinishesThePausedJob() throws Exception {
    TestFleet f = TestFleet.create(dir, 2);
    PausedJob.make(f);
    Cli.run("retry", f.schema(), "3").failsClearly("paused in RunFailure", f.tenant(1).toString());
    PausedJob.fix(f);
    Thread.sleep(PAUSE_MS); // the job sits paused: that time is not its run
    Cli.Result r = Cli.run("retry", f.schema(), "3").succeeds();
    assertThat(r.out())
        .contains("retrying job 3: 1 database to apply", "job 3 RunSuccess", "2 RunSuccess");
    java.util.regex.Matcher run =
        java.util.regex.Pattern.compile("run after the retry ([0-9.]+) (ms|s) \\(")
            .matcher(r.out());
    assertThat(run.find()).as(r.out()).isTrue();
    double ms = Double.parseDouble(run.group(1)) * (run.group(2).equals("s") ? 1000 : 1);
    assertThat(ms).as("run timed from the retry, not from the dry run").isLessThan(PAUSE_MS);
    assertThat(Cli.run("job", f.schema(), "3", "--json").json().get("state").asText())
        .isEqualTo("RunSuccess");
  }

  @Test
  void retryOfAJobThatIsNotPausedIsAClearFailure() {
    TestFleet f = TestFleet.create(dir, 1);
    Cli.run("retry", f.schema(), "1")
        .failsClearly("job 1 is RunSuccess; only a job paused in RunFailure can be retried");
  }

  @Test
  void retryOfAnUnknownJob() {
    TestFleet f = TestFleet.create(dir, 1);
    Cli.run("retry", f.schema(), "42").failsClearly("no job 42");
  }

  @Test
  void unlinkingTheFailingDatabaseLetsThePausedJobFinishOnResume() throws Exception {
    TestFleet f = TestFleet.create(dir, 2);
    PausedJob.make(f);
    Cli.run("unlink", f.schema(), f.tenant(1)).succeeds();
    Cli.Result r = Cli.run("resume", f.schema());
    // Unlinking re-drives the job; whichever command was running when it finished, it ends
    // RunSuccess.
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(Cli.run("job", f.schema(), "3", "--json").json().get("state").asText())
        .isEqualTo("RunSuccess");
  }

  @Test
  void resumeWithNothingToDo() {
    TestFleet f = TestFleet.create(dir, 1);
    assertThat(Cli.run("resume", f.schema()).succeeds().out()).contains("nothing to resume");
  }

  @Test
  void resumeDrivesAJobLeftUnfinishedToItsEnd() throws Exception {
    TestFleet f = TestFleet.create(dir, 2);
    long id;
    try (UnfinishedJob job = UnfinishedJob.submit(f.schema(), "CREATE TABLE u (x)")) {
      id = job.id();
      assertThat(Cli.run("job", f.schema(), id, "--json").json().get("state").asText())
          .isEqualTo("WaitingDryRun");
    }
    Cli.Result r = Cli.run("resume", f.schema()).succeeds();
    assertThat(r.out())
        .contains(
            "resuming 1 unfinished job: [" + id + "]",
            "job " + id + " RunSuccess: 2 RunSuccess",
            "done in ");
    TestFleet.sqlite(f.tenant(2), "SELECT * FROM u");
  }

  @Test
  void resumeStopsAtAPausedJobAndSaysHowToRetry() throws Exception {
    TestFleet f = TestFleet.create(dir, 2);
    PausedJob.make(f);
    Cli.Result r =
        Cli.run("resume", f.schema())
            .failsClearly("job 3 RunFailure", "sharedschema retry " + f.schema() + " 3");
    assertThat(r.out()).contains("resuming 1 unfinished job: [3]");
  }
}
