/**
 * JMH benchmarks of the kernels and the engine. Never run by the tests; build with
 * {@code ./mvnw -pl bench -am package -DskipTests} and run {@code java -jar bench/target/benchmarks.jar}.
 */
package dev.slt.bench;
