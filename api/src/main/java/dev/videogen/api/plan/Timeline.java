package dev.videogen.api.plan;

/**
 * The numbers a plan was made with, defaults applied: {@code frames} of the result (new frames for
 * Extend), {@code fps}, frames per segment (the most frames one shard renders), overlap frames
 * shared by consecutive Sequential segments (and taken from input videos), and maxParallel.
 */
public record Timeline(
    int frames, int fps, int segmentFrames, int overlapFrames, int maxParallel) {}
