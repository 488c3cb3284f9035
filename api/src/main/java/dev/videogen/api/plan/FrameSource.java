package dev.videogen.api.plan;

/** Where frames come from: an earlier shard's artifact, or one of the job's input files. */
public sealed interface FrameSource permits ShardFrames, InputFrames {}
