package dev.slt.datasets.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Downloads a {@link Catalog.Source} into a folder. Each file goes to a temporary file next to its
 * target while its checksum is computed; only a verified file is renamed into place (archives are
 * unpacked, then deleted), so an interrupted or corrupt download never looks like data. A file
 * already present and verified is not downloaded again.
 */
public final class Fetcher {

    /** What one fetch did: files downloaded now and files that were already there. */
    public record Report(List<String> downloaded, List<String> alreadyPresent) {}

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final FetchListener listener;
    private final Duration stallTimeout;

    /** A fetcher that gives up on a download when no byte arrives for 60 s. */
    public Fetcher(FetchListener listener) {
        this(listener, Duration.ofSeconds(60));
    }

    public Fetcher(FetchListener listener, Duration stallTimeout) {
        this.listener = listener;
        this.stallTimeout = stallTimeout;
    }

    /** Fetches every file of {@code source} into {@code dir} (created if needed). */
    public Report fetch(Catalog.Source source, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new FetchException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        List<String> downloaded = new ArrayList<>(), present = new ArrayList<>();
        for (Catalog.RemoteFile f : source.files()) {
            if (isPresent(f, dir)) {
                listener.present(f.name());
                present.add(f.name());
                continue;
            }
            URI url = URI.create(source.baseUrl() + f.name());
            Path tmp = download(url, f, dir);
            try {
                if (f.isArchive()) {
                    listener.extracting(f.name());
                    TarGz.extract(tmp, dir, f.name());
                    for (Catalog.Extracted x : f.contents())
                        if (!sizeMatches(dir.resolve(x.path()), x.bytes()))
                            throw new FetchException(f.name() + " verified but did not unpack to " + x.path() + " of " + x.bytes() + " bytes");
                } else {
                    Files.move(tmp, dir.resolve(f.name()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new FetchException("cannot store " + f.name() + " in " + dir + ": " + e.getMessage(), e);
            } finally {
                deleteQuietly(tmp);
            }
            downloaded.add(f.name());
        }
        return new Report(downloaded, present);
    }

    /** A plain file is present when its checksum matches; an archive when all its contents have their sizes. */
    static boolean isPresent(Catalog.RemoteFile f, Path dir) {
        if (f.isArchive()) return f.contents().stream().allMatch(x -> sizeMatches(dir.resolve(x.path()), x.bytes()));
        Path p = dir.resolve(f.name());
        if (!Files.isRegularFile(p)) return false;
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = digest(f.checksum());
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest()).equals(f.checksum().hex());
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean sizeMatches(Path p, long bytes) {
        try {
            return Files.isRegularFile(p) && Files.size(p) == bytes;
        } catch (IOException e) {
            return false;
        }
    }

    /** Downloads {@code url} into a temporary file in {@code dir} and verifies it; returns the temporary file. */
    private Path download(URI url, Catalog.RemoteFile f, Path dir) {
        HttpURLConnection conn = open(url, f.name());
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + f.name() + ".", ".part");
        } catch (IOException e) {
            conn.disconnect();
            throw new FetchException("cannot write in " + dir + ": " + e.getMessage(), e);
        }
        boolean ok = false;
        try (InputStream body = conn.getInputStream()) {
            long total = conn.getContentLengthLong();
            listener.started(f.name(), url, total);
            MessageDigest md = digest(f.checksum());
            long t0 = System.nanoTime(), bytes = 0;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE); OutputStream out = Channels.newOutputStream(ch)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = body.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                    md.update(buf, 0, n);
                    bytes += n;
                    listener.progress(f.name(), bytes, total, System.nanoTime() - t0);
                }
                ch.force(true);
            }
            if (total >= 0 && bytes != total)
                throw new FetchException(f.name() + ": download cut short after " + bytes + " of " + total + " bytes from " + url + "; not kept");
            String actual = HexFormat.of().formatHex(md.digest());
            if (!actual.equals(f.checksum().hex()))
                throw new FetchException(f.name() + ": " + f.checksum().algorithm() + " mismatch, expected " + f.checksum().hex()
                        + " but the download has " + actual + "; the file is corrupt or was changed, and was not kept");
            listener.verified(f.name(), bytes, System.nanoTime() - t0);
            ok = true;
            return tmp;
        } catch (SocketTimeoutException e) {
            throw new FetchException(f.name() + ": download from " + url + " stalled (no data for " + seconds(stallTimeout) + "); not kept", e);
        } catch (IOException e) {
            throw new FetchException(f.name() + ": download from " + url + " failed (" + describe(e) + "); not kept", e);
        } finally {
            conn.disconnect();
            if (!ok) deleteQuietly(tmp);
        }
    }

    /** Opens {@code url} and follows up to five redirects (also between http and https); the response is a 200. */
    private HttpURLConnection open(URI url, String file) {
        URI at = url;
        for (int hop = 0; hop <= 5; hop++) {
            HttpURLConnection c;
            int status;
            try {
                c = (HttpURLConnection) at.toURL().openConnection();
                c.setInstanceFollowRedirects(false);
                c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
                c.setReadTimeout((int) stallTimeout.toMillis());
                c.setRequestProperty("User-Agent", "slt-data-fetch");
                c.connect();
            } catch (ConnectException | NoRouteToHostException e) {
                throw new FetchException("cannot connect to " + at.getHost() + (at.getPort() > 0 ? ":" + at.getPort() : "")
                        + " (" + describe(e) + "); check the network, or use --base-url for a mirror", e);
            } catch (UnknownHostException e) {
                throw new FetchException("unknown host " + at.getHost() + " (no network or no DNS?)", e);
            } catch (SocketTimeoutException e) {
                throw new FetchException("cannot connect to " + at.getHost() + " within " + seconds(CONNECT_TIMEOUT), e);
            } catch (IOException | IllegalArgumentException e) {
                throw new FetchException("cannot download " + at + " (" + e.getMessage() + ")", e);
            }
            try {
                status = c.getResponseCode();
            } catch (SocketTimeoutException e) {
                c.disconnect();
                throw new FetchException(file + ": " + at.getHost() + " stalled before answering (no data for " + seconds(stallTimeout) + ")", e);
            } catch (IOException e) {
                c.disconnect();
                throw new FetchException(file + ": no valid answer from " + at + " (" + describe(e) + ")", e);
            }
            if (status == 200) return c;
            String location = c.getHeaderField("Location");
            c.disconnect();
            if (status / 100 == 3 && location != null) {
                at = at.resolve(location);
                continue;
            }
            throw new FetchException(file + ": HTTP " + status + " from " + at);
        }
        throw new FetchException(file + ": more than five redirects from " + url);
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.3g s", d.toMillis() / 1000.0);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private static MessageDigest digest(Catalog.Checksum c) {
        try {
            return MessageDigest.getInstance(c.algorithm());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(c.algorithm() + " missing from this JDK", e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover .part file is harmless: it is never read as data
        }
    }
}
