package io.uptake.privacy;

import io.uptake.config.ConfigKey;
import io.uptake.error.Errors;
import io.uptake.phone.PhonePseudonymizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Finds the secret key of the phone pseudonyms, in this order: the environment variable
 * {@value #ENV}; the file named by {@code privacy.phone_key_file} (a local path or any Hadoop URI);
 * and, on a local master only, a key generated once under the warehouse for the demo. A cluster run
 * with neither stops: a key kept beside the data it protects protects nothing.
 *
 * <p>The key is text: 64 hex digits or base64 of at least 32 bytes ({@code openssl rand -hex 32}).
 * Messages name where a key came from and its public id, never its bytes.
 */
public final class PhoneKeys {
  private PhoneKeys() {}

  public static final String ENV = "UPTAKE_PHONE_KEY";
  /** Where a local run keeps its generated key, relative to the warehouse root. */
  public static final String GENERATED = "_uptake/phone.key";
  private static final Pattern HEX = Pattern.compile("(?:[0-9a-fA-F]{2})+");
  private static final String HOW = "set the environment variable " + ENV + " or " + ConfigKey.PRIVACY_PHONE_KEY_FILE.key()
      + " (a file holding 64 hex digits, e.g. made with: openssl rand -hex 32 > phone.key; chmod 600 phone.key)";

  /**
   * A key found or made. A key generated for a local run is written under the warehouse only by
   * {@link #persist}, which the run calls just before its first write: a run that stops earlier
   * (a bad file with --fail-fast) leaves the warehouse as it was.
   */
  public static final class Key {
    private final PhonePseudonymizer pseudonymizer;
    private final Path generatedAt;
    private final byte[] generated;

    private Key(PhonePseudonymizer pseudonymizer, Path generatedAt, byte[] generated) {
      this.pseudonymizer = pseudonymizer;
      this.generatedAt = generatedAt;
      this.generated = generated;
    }

    public PhonePseudonymizer pseudonymizer() {
      return pseudonymizer;
    }

    /** Writes a newly generated key (owner-readable only); a no-op for any other key. */
    public void persist(Configuration hadoop, PrintStream progress) {
      if (generated == null) {
        return;
      }
      try {
        FileSystem fs = generatedAt.getFileSystem(hadoop);
        if (!write(fs, generatedAt, generated)) {
          // Another local run generated one first: use it only if it is this one (it never is).
          PhonePseudonymizer theirs = read(generatedAt, hadoop, "the generated key " + Errors.display(generatedAt.toString()));
          if (!theirs.equals(pseudonymizer)) {
            throw Errors.internal("keep the generated phone key", "another run generated one at "
                + Errors.display(generatedAt.toString()) + " at the same time; rerun");
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write the generated phone key " + Errors.display(generatedAt.toString()), e);
      }
      progress.println("Generated a phone pseudonymization key at " + Errors.display(generatedAt.toString())
          + ". For the local demo only: it sits beside the data it protects; on a cluster " + HOW + ".");
    }
  }

  /**
   * Finds the key; writes nothing (see {@link Key#persist}).
   *
   * @param envValue the value of {@value #ENV}, or null
   * @param keyFile {@code privacy.phone_key_file}, or null
   * @param local whether Spark runs in this JVM (a local master): only then is a key generated
   */
  public static Key load(String envValue, String keyFile, String warehouseRoot, boolean local, Configuration hadoop,
      PrintStream progress) {
    if (envValue != null && !envValue.isBlank()) {
      PhonePseudonymizer p = parse(envValue, "the environment variable " + ENV);
      progress.println("Phone key: from " + ENV + " (key id " + p.keyId() + ")");
      return new Key(p, null, null);
    }
    if (keyFile != null) {
      Path path = new Path(keyFile);
      PhonePseudonymizer p = read(path, hadoop, "the key file " + Errors.display(keyFile) + " (" + ConfigKey.PRIVACY_PHONE_KEY_FILE.key() + ")");
      progress.println("Phone key: from " + Errors.display(keyFile) + " (key id " + p.keyId() + ")");
      warnIfShared(path, hadoop, progress);
      return new Key(p, null, null);
    }
    if (!local) {
      throw Errors.usage("pseudonymize phones", "no phone key; " + HOW + ". A cluster run never generates one");
    }
    Path path = new Path(warehouseRoot, GENERATED);
    boolean exists;
    try {
      exists = path.getFileSystem(hadoop).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot look for the phone key " + Errors.display(path.toString()), e);
    }
    if (exists) {
      PhonePseudonymizer p = read(path, hadoop, "the generated key " + Errors.display(path.toString()));
      progress.println("Phone key: generated for local runs, at " + Errors.display(path.toString()) + " (key id " + p.keyId() + ")");
      return new Key(p, null, null);
    }
    byte[] key = new byte[PhonePseudonymizer.MIN_KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return new Key(new PhonePseudonymizer(key), path, key);
  }

  /** A key from its text form: hex (an even number of hex digits) or base64. */
  static PhonePseudonymizer parse(String text, String source) {
    String t = text.strip();
    byte[] bytes;
    if (HEX.matcher(t).matches()) {
      bytes = HexFormat.of().parseHex(t);
    } else if (t.matches("[0-9a-fA-F]+")) {
      // Valid base64 too, but far likelier a hex key with a digit lost: never a different key silently.
      throw Errors.usage("read the phone key from " + source, "it has an odd number (" + t.length() + ") of hex digits");
    } else {
      try {
        bytes = Base64.getDecoder().decode(t);
      } catch (IllegalArgumentException e) {
        throw Errors.usage("read the phone key from " + source, "it is neither hex digits nor base64");
      }
    }
    if (bytes.length < PhonePseudonymizer.MIN_KEY_BYTES) {
      throw Errors.usage("read the phone key from " + source, "it has " + bytes.length + " bytes; a phone key needs at least "
          + PhonePseudonymizer.MIN_KEY_BYTES + " (64 hex digits)");
    }
    return new PhonePseudonymizer(bytes);
  }

  private static PhonePseudonymizer read(Path path, Configuration hadoop, String source) {
    byte[] bytes;
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      if (!fs.exists(path)) {
        throw Errors.usage("read the phone key from " + source, "there is no such file; " + HOW);
      }
      try (InputStream in = fs.open(path)) {
        bytes = in.readNBytes(4096);
      }
    } catch (IOException e) {
      // Storage that fails to answer can be retried: exit 1, not a usage error.
      throw new UncheckedIOException("Cannot read the phone key from " + source, e);
    }
    return parse(new String(bytes, StandardCharsets.US_ASCII), source);
  }

  /** False when the file exists already (overwrite=false: of two runs, one loses here). */
  private static boolean write(FileSystem fs, Path path, byte[] key) throws IOException {
    FsPermission ownerOnly = new FsPermission(FsAction.READ_WRITE, FsAction.NONE, FsAction.NONE);
    try (OutputStream out = fs.create(path, ownerOnly, false, 4096, fs.getDefaultReplication(path),
        fs.getDefaultBlockSize(path), null)) {
      out.write((HexFormat.of().formatHex(key) + "\n").getBytes(StandardCharsets.US_ASCII));
    } catch (FileAlreadyExistsException e) {
      return false;
    }
    fs.setPermission(path, ownerOnly);
    return true;
  }

  private static void warnIfShared(Path path, Configuration hadoop, PrintStream progress) {
    try {
      FsPermission p = path.getFileSystem(hadoop).getFileStatus(path).getPermission();
      if (p.getGroupAction().implies(FsAction.READ) || p.getOtherAction().implies(FsAction.READ)) {
        progress.println("Warning: the phone key file " + Errors.display(path.toString()) + " is readable by others (" + p
            + "); chmod 600 it");
      }
    } catch (IOException | UnsupportedOperationException e) {
      // Object stores have no POSIX modes: their access is the bucket's policy.
    }
  }
}
