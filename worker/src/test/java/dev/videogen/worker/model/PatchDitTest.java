package dev.videogen.worker.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PatchDitTest {
  private static final DitConfig CONFIG = DitConfig.tiny().withDepth(2);
  private NDManager manager;

  @BeforeEach
  void seed() {
    Engine.getInstance().setRandomSeed(7);
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void patchifyThenUnpatchifyGivesBackTheVideo() {
    DitConfig c = CONFIG.withPatch(2, 4, 2);
    NDArray video = manager.randomNormal(new Shape(2, 3, 4, 8, 12));
    int[] grid = Patchify.grid(c, 4, 8, 12);
    NDArray tokens = Patchify.patchify(c, video);
    assertThat(tokens.getShape()).isEqualTo(new Shape(2, 2 * 2 * 6, 3 * 2 * 4 * 2));
    assertThat(Patchify.unpatchify(c, tokens, grid).contentEquals(video)).isTrue();
  }

  @Test
  void aPatchHoldsOneSpacetimeNeighbourhood() {
    DitConfig c = CONFIG.withPatch(1, 2, 2);
    // Value = 100·t + 10·y + x on channel 0, so each token's values name their pixels.
    float[] values = new float[3 * 2 * 4 * 4];
    for (int t = 0; t < 2; t++) {
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 4; x++) {
          values[(t * 4 + y) * 4 + x] = 100 * t + 10 * y + x;
        }
      }
    }
    NDArray video = manager.create(values, new Shape(1, 3, 2, 4, 4));
    NDArray tokens = Patchify.patchify(c, video); // (1, 8, 12)
    // Token 5 = t'=1, h'=0, w'=1: pixels (1, 0..1, 2..3); channel 0 comes first in the patch.
    assertThat(tokens.get("0, 5, :4").toFloatArray()).containsExactly(102, 103, 112, 113);
  }

  @Test
  void gridRejectsSizesThatDoNotDivideIntoPatches() {
    assertThatThrownBy(() -> Patchify.grid(CONFIG, 4, 30, 32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4x30x32");
  }

  @Test
  void adaLnZeroBlockIsTheIdentityAtInitialisation() {
    DitBlock block = new DitBlock(CONFIG);
    block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, CONFIG.width()));
    NDArray x = manager.randomNormal(new Shape(2, 10, CONFIG.width()));
    NDArray c = manager.randomNormal(new Shape(2, CONFIG.width()));
    NDArray text = manager.randomNormal(new Shape(2, 5, CONFIG.width()));
    NDArray mask = manager.ones(new Shape(2, 5));
    NDArray y =
        block
            .forward(new ParameterStore(manager, false), new NDList(x, c, text, mask), false)
            .head();
    assertThat(y.contentEquals(x)).isTrue();
  }

  @Test
  void untrainedVelocityModelPredictsZeroVelocityOfTheInputShapeForVideosAndImages() {
    PatchDit model = PatchDit.create(CONFIG.withPrediction(Prediction.VELOCITY), manager);
    ParameterStore ps = new ParameterStore(manager, false);
    for (Shape shape : List.of(new Shape(2, 3, 4, 16, 24), new Shape(2, 3, 1, 32, 16))) {
      NDArray v =
          model.velocity(ps, manager.randomNormal(shape), times(0.3f, 0.9f), prompt(), false);
      assertThat(v.getShape()).isEqualTo(shape);
      assertThat(v.abs().max().getFloat()).isZero();
    }
    assertThat(model.parameterCount()).isBetween(100_000L, 2_000_000L);
  }

  @Test
  void untrainedDataModelPredictsZeroSoItsVelocityIsTheInputOverT() {
    PatchDit model = PatchDit.create(CONFIG, manager);
    assertThat(CONFIG.prediction()).isEqualTo(Prediction.DATA);
    ParameterStore ps = new ParameterStore(manager, false);
    for (Shape shape : List.of(new Shape(2, 3, 4, 16, 24), new Shape(2, 3, 1, 32, 16))) {
      NDArray x = manager.randomNormal(shape);
      // t = 0.01 is below the clamp: the velocity divides by Prediction.MIN_TIME instead.
      NDArray v = model.velocity(ps, x, times(0.4f, 0.01f), prompt(), false);
      assertThat(v.getShape()).isEqualTo(shape);
      NDArray expected =
          NDArrays.concat(
              new NDList(x.get("0:1").div(0.4f), x.get("1:2").div(Prediction.MIN_TIME)), 0);
      assertThat(v.sub(expected).abs().max().getFloat()).isLessThan(1e-5f);
    }
  }

  private NDArray times(float... t) {
    return manager.create(t);
  }

  private TextBatch prompt() {
    return TextBatch.of(manager, List.of("a red circle", "a blue square"), CONFIG.textLength());
  }

  @Test
  void theFrameConditioningInputIsTheMaskThenTheGivenFrames() {
    NDArray reference = manager.randomNormal(new Shape(1, 3, 3, 2, 2));
    NDArray mask = manager.create(new float[] {1, 0, 1}, new Shape(1, 3));
    NDArray input = FrameConditioning.input(reference, mask); // (1, 4, 3, 2, 2)
    assertThat(input.getShape()).isEqualTo(new Shape(1, 4, 3, 2, 2));
    assertThat(input.get("0, 0").toFloatArray())
        .containsExactly(1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1);
    assertThat(input.get("0, 1:, 0").contentEquals(reference.get("0, :, 0"))).isTrue();
    assertThat(input.get("0, 1:, 1").abs().sum().getFloat()).isZero();
    // keepGiven takes the given frames' values from the reference bit for bit.
    NDArray x = manager.randomNormal(new Shape(1, 3, 3, 2, 2));
    NDArray kept =
        FrameConditioning.keepGiven(x, reference, FrameConditioning.given(mask, x.getShape()));
    assertThat(kept.get(":, :, 0").contentEquals(reference.get(":, :, 0"))).isTrue();
    assertThat(kept.get(":, :, 1").contentEquals(x.get(":, :, 1"))).isTrue();
    assertThat(kept.get(":, :, 2").contentEquals(reference.get(":, :, 2"))).isTrue();
  }

  @Test
  void zeroConditioningWeightsLeaveTheModelAsItWasWithoutConditioning() {
    PatchDit model = PatchDit.create(CONFIG, manager);
    // A "trained" model whose frame conditioning is still at its zero initialisation, as after
    // loading a checkpoint written before conditioning existed.
    RandomWeights.fill(model, 1, model.conditioningParameters());
    ParameterStore ps = new ParameterStore(manager, false);
    TextBatch prompt = TextBatch.of(manager, List.of("a", "b"), CONFIG.textLength());
    Shape shape = new Shape(2, 3, 3, 16, 24); // 3 frames: padded to 4 for pt = 2
    NDArray video = manager.randomNormal(shape);
    NDArray t = manager.create(new float[] {0.3f, 0.9f});
    NDArray frames =
        FrameConditioning.input(
            manager.randomNormal(shape),
            manager.create(new float[] {1, 0, 0, 0, 1, 1}, new Shape(2, 3)));
    NDArray plain = model.velocity(ps, video, t, prompt, false);
    assertThat(plain.abs().max().getFloat()).isPositive();
    assertThat(model.velocity(ps, video, t, prompt, frames, false).contentEquals(plain)).isTrue();
    // With weights, the conditioning changes the prediction.
    RandomWeights.fill(model, 2, List.of());
    NDArray unconditioned = model.velocity(ps, video, t, prompt, false);
    NDArray conditioned = model.velocity(ps, video, t, prompt, frames, false);
    assertThat(conditioned.getShape()).isEqualTo(shape);
    assertThat(conditioned.sub(unconditioned).abs().max().getFloat()).isGreaterThan(1e-4f);
    assertThat(model.conditioningParameters()).hasSize(1); // one weight, no bias
    assertThat(model.conditioningParameters().get(0).getArray().getShape())
        .isEqualTo(
            new Shape(CONFIG.width(), 4 * CONFIG.patchT() * CONFIG.patchH() * CONFIG.patchW()));
  }

  @Test
  void positionsDifferAlongEveryAxis() {
    float[] p = SpacetimePositions.of(96, new int[] {2, 2, 2});
    // Tokens (t, y, x): 0 = (0,0,0), 1 = (0,0,1), 2 = (0,1,0), 4 = (1,0,0).
    for (int other : new int[] {1, 2, 4}) {
      double distance = 0;
      for (int i = 0; i < 96; i++) {
        distance += Math.abs(p[i] - p[other * 96 + i]);
      }
      assertThat(distance).as("token 0 vs %d", other).isGreaterThan(1.0);
    }
  }
}
