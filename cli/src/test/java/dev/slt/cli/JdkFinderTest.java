package dev.slt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDK 25 finder that ./mvnw and ./slt source (.mvn/jdk25.sh). */
class JdkFinderTest {

    static final Path SCRIPT = Path.of("..", ".mvn", "jdk25.sh").toAbsolutePath().normalize();
    static final String THIS_JDK = Path.of(System.getProperty("java.home")).toString();

    record Run(int code, String out, String err) {}

    /** Sources the finder in a POSIX shell with exactly {@code env}, prints the chosen JAVA_HOME. */
    static Run source(Map<String, String> env) throws IOException, InterruptedException {
        var pb = new ProcessBuilder("/bin/sh", "-c", ". \"$0\" && printf '%s' \"$JAVA_HOME\"", SCRIPT.toString());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, err);
    }

    /** A PATH holding only the tools the script needs, so no javac on the machine is found. */
    static String toolsOnly(Path dir) throws IOException {
        for (String tool : new String[] {"sed", "head", "dirname", "readlink"}) {
            Path real = Path.of("/usr/bin", tool);
            if (!Files.exists(real)) real = Path.of("/bin", tool);
            forward(dir.resolve(tool), real);
        }
        return dir.toString();
    }

    /** An executable script that runs {@code target} (links would make @TempDir cleanup noisy). */
    static void forward(Path script, Path target) throws IOException {
        Files.writeString(script, "#!/bin/sh\nexec '" + target + "' \"$@\"\n");
        script.toFile().setExecutable(true);
    }

    /** A JDK folder whose java and javac run this JVM's. */
    static Path fakeJdk(Path home) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        forward(bin.resolve("java"), Path.of(THIS_JDK, "bin", "java"));
        forward(bin.resolve("javac"), Path.of(THIS_JDK, "bin", "javac"));
        return home;
    }

    @Test
    void keepsAJavaHomeThatIsAlready25(@TempDir Path tmp) throws Exception {
        Run r = source(Map.of("JAVA_HOME", THIS_JDK, "PATH", toolsOnly(tmp), "SLT_JDK_DIRS", tmp.toString()));
        assertEquals(0, r.code(), r.err());
        assertEquals(THIS_JDK, r.out());
    }

    @Test
    void findsAJdk25InTheSearchFolders(@TempDir Path tmp) throws Exception {
        Path bin = Files.createDirectory(tmp.resolve("bin")), jdks = Files.createDirectory(tmp.resolve("jdks"));
        fakeJdk(jdks.resolve("temurin-25"));
        Run r = source(Map.of("JAVA_HOME", "/nonexistent", "PATH", toolsOnly(bin), "SLT_JDK_DIRS", jdks.toString()));
        assertEquals(0, r.code(), r.err());
        assertEquals(jdks.resolve("temurin-25").toString(), r.out());
    }

    @Test
    void saysWhatToInstallWhenThereIsNone(@TempDir Path tmp) throws Exception {
        Path bin = Files.createDirectory(tmp.resolve("bin")), empty = Files.createDirectory(tmp.resolve("empty"));
        Run r = source(Map.of("JAVA_HOME", "/nonexistent", "PATH", toolsOnly(bin), "SLT_JDK_DIRS", empty.toString()));
        assertEquals(1, r.code());
        assertTrue(r.err().contains("needs a JDK 25"), r.err());
        assertTrue(r.err().contains("JAVA_HOME=/nonexistent is not a JDK 25+"), r.err());
        assertTrue(r.err().contains("Temurin 25"), r.err());
    }
}
