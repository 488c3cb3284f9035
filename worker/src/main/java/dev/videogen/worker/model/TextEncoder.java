package dev.videogen.worker.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A small byte-level transformer encoder trained jointly with the DiT, and the learned null
 * embedding that stands in for the prompt when it is dropped (classifier-free guidance).
 *
 * <p>Inputs: ids (B, L) int64 from {@link ByteTokenizer}, mask (B, L) with 1 for a token, keep (B)
 * with 1 to use the prompt and 0 for the null embedding. Outputs: tokens (B, L, D), their mask (B,
 * L) (the null prompt is one token) and the masked mean of the tokens (B, D).
 */
public final class TextEncoder extends AbstractBlock {
  private final DitConfig config;
  private final Parameter embedding;
  private final Parameter positions;
  private final Parameter nullToken;
  private final List<LayerNorm> attentionNorms = new ArrayList<>();
  private final List<Attention> attentions = new ArrayList<>();
  private final List<LayerNorm> mlpNorms = new ArrayList<>();
  private final List<Linear> mlpIns = new ArrayList<>();
  private final List<Linear> mlpOuts = new ArrayList<>();
  private final LayerNorm finalNorm;

  public TextEncoder(DitConfig config) {
    this.config = config;
    int d = config.width();
    NormalInitializer normal = new NormalInitializer(0.02f);
    embedding =
        addParameter(
            Parameter.builder()
                .setName("embedding")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(ByteTokenizer.VOCABULARY, d))
                .optInitializer(normal)
                .build());
    positions =
        addParameter(
            Parameter.builder()
                .setName("positions")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1, config.textLength(), d))
                .optInitializer(normal)
                .build());
    nullToken =
        addParameter(
            Parameter.builder()
                .setName("null")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1, 1, d))
                .optInitializer(normal)
                .build());
    for (int i = 0; i < config.textDepth(); i++) {
      attentionNorms.add(addChildBlock("attentionNorm" + i, norm()));
      attentions.add(addChildBlock("attention" + i, Attention.self(d, config.heads())));
      mlpNorms.add(addChildBlock("mlpNorm" + i, norm()));
      mlpIns.add(addChildBlock("mlpIn" + i, Dense.of(4L * d)));
      mlpOuts.add(addChildBlock("mlpOut" + i, Dense.of(d)));
    }
    finalNorm = addChildBlock("finalNorm", norm());
  }

  private static LayerNorm norm() {
    return LayerNorm.builder().axis(2).optEpsilon(1e-6f).build();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray ids = inputs.get(0); // (B, L)
    NDArray mask = inputs.get(1); // (B, L)
    NDArray keep = inputs.get(2); // (B)
    long b = ids.getShape().get(0);
    long l = ids.getShape().get(1);
    NDArray table = ps.getValue(embedding, ids.getDevice(), training);
    NDArray x =
        Embedding.embedding(ids, table, ai.djl.ndarray.types.SparseFormat.DENSE)
            .head(); // (B, L, D)
    NDArray pos = ps.getValue(positions, ids.getDevice(), training);
    NDArray firstPositions = pos.get(":, :{}", l); // learned positions of the first L bytes
    firstPositions.attach(ids.getManager()); // a slice of a parameter would live as long as it
    x = x.add(firstPositions);
    for (int i = 0; i < attentions.size(); i++) {
      NDArray h = attentionNorms.get(i).forward(ps, new NDList(x), training).head();
      x = x.add(attentions.get(i).forward(ps, new NDList(h, mask), training).head());
      h = mlpNorms.get(i).forward(ps, new NDList(x), training).head();
      h = Activation.gelu(mlpIns.get(i).forward(ps, new NDList(h), training).head());
      x = x.add(mlpOuts.get(i).forward(ps, new NDList(h), training).head());
    }
    x = finalNorm.forward(ps, new NDList(x), training).head();

    // Classifier-free guidance: where keep = 0 the prompt becomes the single null token.
    NDArray keep3 = keep.reshape(b, 1, 1);
    NDArray drop3 = keep3.neg().add(1f);
    NDArray nullValue = ps.getValue(nullToken, ids.getDevice(), training);
    NDArray firstOnly = ids.getManager().zeros(new Shape(1, l)); // mask of a one-token prompt
    firstOnly.set(new ai.djl.ndarray.index.NDIndex(":, 0"), 1f);
    NDArray tokens = x.mul(keep3).add(drop3.mul(nullValue)); // (B, L, D)
    NDArray tokenMask = mask.mul(keep3.reshape(b, 1)).add(drop3.reshape(b, 1).mul(firstOnly));
    NDArray pooled =
        tokens
            .mul(tokenMask.expandDims(2))
            .sum(new int[] {1})
            .div(tokenMask.sum(new int[] {1}, true));
    return new NDList(tokens, tokenMask, pooled); // (B, L, D), (B, L), (B, D)
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    int d = config.width();
    Shape tokens = new Shape(1, 1, d);
    for (int i = 0; i < attentions.size(); i++) {
      attentionNorms.get(i).initialize(manager, dataType, tokens);
      attentions.get(i).initialize(manager, dataType, tokens, new Shape(1, 1));
      mlpNorms.get(i).initialize(manager, dataType, tokens);
      mlpIns.get(i).initialize(manager, dataType, tokens);
      mlpOuts.get(i).initialize(manager, dataType, new Shape(1, 1, 4L * d));
    }
    finalNorm.initialize(manager, dataType, tokens);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape ids = inputShapes[0];
    return new Shape[] {
      new Shape(ids.get(0), ids.get(1), config.width()), ids, new Shape(ids.get(0), config.width())
    };
  }
}
