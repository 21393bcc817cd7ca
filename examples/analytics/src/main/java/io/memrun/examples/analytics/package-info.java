/**
 * The bundled example service: an analytics engine that answers aggregate queries
 * ({@code count}, {@code sum}, {@code avg}, {@code min}, {@code max}, optionally grouped) over CSV
 * datasets in object storage.
 *
 * <p>It shows the two warm layers memrun gives a handler: the worker's disk cache
 * ({@link io.memrun.sdk.WorkerRequestContext#getOrFetch}) keeps the raw file local, and the shared
 * in-memory store ({@link io.memrun.sdk.SharedWorkerContext#getOrCompute}) keeps the decoded,
 * columnar {@link io.memrun.examples.analytics.CsvTable}, so a warm request neither downloads nor
 * parses; a large file that must be parsed is parsed on every core
 * ({@link io.memrun.sdk.ParallelDecode}). Entry points: {@link io.memrun.examples.analytics.AnalyticsService} (the declaration),
 * {@link io.memrun.examples.analytics.AnalyticsHandler} (the request contract) and
 * {@link io.memrun.examples.analytics.SampleData} (a demo dataset and request).
 */
package io.memrun.examples.analytics;
