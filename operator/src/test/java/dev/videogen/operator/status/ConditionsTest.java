package dev.videogen.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-01T00:05:00Z");

  @Test
  void unchangedStatusKeepsItsTransitionTimeAndTheListStaysEqual() {
    List<Condition> first =
        Conditions.set(List.of(), Conditions.PROGRESSING, true, "Rendering", "2 of 8", 1L, T0);
    List<Condition> again =
        Conditions.set(first, Conditions.PROGRESSING, true, "Rendering", "2 of 8", 1L, T1);
    assertThat(again).isEqualTo(first);
    List<Condition> moved =
        Conditions.set(first, Conditions.PROGRESSING, true, "Rendering", "5 of 8", 1L, T1);
    assertThat(moved.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(moved.get(0).getMessage()).isEqualTo("5 of 8");
  }

  @Test
  void flippedStatusGetsANewTransitionTime() {
    List<Condition> running =
        Conditions.set(List.of(), Conditions.SUCCEEDED, false, "Running", "", 1L, T0);
    List<Condition> done = Conditions.set(running, Conditions.SUCCEEDED, true, "Done", "", 1L, T1);
    assertThat(done.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T00:05:00Z");
    assertThat(Conditions.isTrue(done, Conditions.SUCCEEDED)).isTrue();
  }

  @Test
  void oneEntryPerTypeSortedByType() {
    List<Condition> c = Conditions.set(List.of(), Conditions.SUCCEEDED, false, "R", "", 1L, T0);
    c = Conditions.set(c, Conditions.READY, false, "R", "", 1L, T0);
    c = Conditions.set(c, Conditions.SUCCEEDED, true, "Done", "", 2L, T1);
    assertThat(c).extracting(Condition::getType).containsExactly("Ready", "Succeeded");
    assertThat(c.get(1).getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void longMessagesAreBounded() {
    List<Condition> c =
        Conditions.set(List.of(), Conditions.FAILED, true, "X", "m".repeat(5000), 1L, T0);
    assertThat(c.get(0).getMessage()).hasSize(1024).endsWith("…");
  }
}
