package dev.videogen.operator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.videogen.api.v1alpha1.TrainingRun;
import dev.videogen.api.v1alpha1.VideoJob;
import dev.videogen.operator.trainingrun.TrainingRunReconciler;
import dev.videogen.operator.videojob.VideoJobReconciler;
import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The operator application starts (without a cluster: its reconcilers are registered but not
 * started), registers one reconciler per kind, and serves health probes and Prometheus metrics.
 */
@QuarkusTest
class OperatorApplicationTest {
  @Inject ConfigurationService configuration;
  @Inject VideoJobReconciler videoJobs;
  @Inject TrainingRunReconciler trainingRuns;

  @Test
  void registersAReconcilerForEachKind() {
    assertThat(configuration.getKnownReconcilerNames())
        .containsExactlyInAnyOrder(VideoJobReconciler.NAME, TrainingRunReconciler.NAME);
    assertThat(configuration.getConfigurationFor(videoJobs).getResourceClass())
        .isEqualTo(VideoJob.class);
    assertThat(configuration.getConfigurationFor(trainingRuns).getResourceClass())
        .isEqualTo(TrainingRun.class);
  }

  @Test
  void servesLivenessProbe() {
    given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void servesPrometheusMetrics() {
    given()
        .when()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("# TYPE jvm_memory_used_bytes gauge"));
  }
}
