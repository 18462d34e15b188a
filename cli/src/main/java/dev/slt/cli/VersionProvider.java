package dev.slt.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** {@code slt --version}: SLT's version, the JVM, and the SIMD width the Vector API chose. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) p.load(in);
        }
        return new String[] {
            "slt " + p.getProperty("version", "unknown"),
            "JVM " + System.getProperty("java.vm.name") + " " + Runtime.version()
                    + ", " + Runtime.getRuntime().availableProcessors() + " processors",
            "SIMD " + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit ("
                    + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length() + " float lanes)"
        };
    }
}
