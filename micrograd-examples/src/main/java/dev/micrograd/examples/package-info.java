/**
 * The {@code micrograd} program ({@link dev.micrograd.examples.Main}): micrograd's moons demo with
 * its two pictures ({@code moons}), the lecture's numbers chapter by chapter ({@code lecture}) and
 * expression graphs ({@code graph}). Built on picocli; packaged as one executable jar.
 *
 * <pre>{@code
 * java -jar micrograd-examples/target/micrograd.jar moons --out out
 * java -jar micrograd-examples/target/micrograd.jar lecture
 * java -jar micrograd-examples/target/micrograd.jar graph "(a*b + c)*f" --set a=2,b=-3,c=10,f=-2
 * }</pre>
 */
package dev.micrograd.examples;
