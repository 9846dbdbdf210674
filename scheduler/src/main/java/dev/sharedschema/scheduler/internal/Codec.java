package dev.sharedschema.scheduler.internal;

import dev.sharedschema.scheduler.Migration;
import dev.sharedschema.scheduler.MigrationStatement;
import dev.sharedschema.scheduler.StatementResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of migrations and results in the registry. A versioned, self-describing layout
 * (no Java serialization), so another process, or a later version, reads what this one wrote.
 */
public final class Codec {
  /** Format 2 adds each statement's schema-only flag; format 1 (no flag) is still read. */
  private static final int VERSION = 2;

  private static final int VERSION_WITHOUT_SCOPE = 1;
  private static final byte NULL = 0;
  private static final byte LONG = 1;
  private static final byte DOUBLE = 2;
  private static final byte TEXT = 3;
  private static final byte BLOB = 4;

  private Codec() {}

  public static byte[] encode(Migration m) {
    return write(
        out -> {
          out.writeInt(m.sessionPragmas().size());
          for (var e : m.sessionPragmas().entrySet()) {
            writeText(out, e.getKey());
            writeText(out, e.getValue());
          }
          out.writeInt(m.statements().size());
          for (MigrationStatement s : m.statements()) {
            writeText(out, s.sql());
            writeValues(out, s.parameters());
            out.writeBoolean(s.schemaOnly());
          }
          out.writeBoolean(m.schemaDetermined());
        });
  }

  public static Migration decodeMigration(byte[] bytes) {
    return read(
        bytes,
        (in, version) -> {
          Map<String, String> pragmas = new LinkedHashMap<>();
          for (int n = in.readInt(); n > 0; n--) {
            pragmas.put(readText(in), readText(in));
          }
          List<MigrationStatement> statements = new ArrayList<>();
          for (int n = in.readInt(); n > 0; n--) {
            String sql = readText(in);
            List<Object> parameters = readValues(in);
            boolean schemaOnly = version != VERSION_WITHOUT_SCOPE && in.readBoolean();
            statements.add(new MigrationStatement(sql, parameters, schemaOnly));
          }
          // Entries written before the flag existed end here: they dry-run in full.
          boolean schemaDetermined = in.available() > 0 && in.readBoolean();
          return new Migration(statements, pragmas, schemaDetermined);
        });
  }

  public static byte[] encode(List<StatementResult> results) {
    return write(
        out -> {
          out.writeInt(results.size());
          for (StatementResult r : results) {
            out.writeLong(r.updateCount());
            out.writeLong(r.lastInsertRowid());
            out.writeInt(r.columns().size());
            for (String c : r.columns()) {
              writeText(out, c);
            }
            out.writeInt(r.rows().size());
            for (List<Object> row : r.rows()) {
              writeValues(out, row);
            }
          }
        });
  }

  public static List<StatementResult> decodeResults(byte[] bytes) {
    return read(
        bytes,
        (in, version) -> {
          List<StatementResult> out = new ArrayList<>();
          for (int n = in.readInt(); n > 0; n--) {
            long count = in.readLong();
            long rowid = in.readLong();
            List<String> columns = new ArrayList<>();
            for (int c = in.readInt(); c > 0; c--) {
              columns.add(readText(in));
            }
            List<List<Object>> rows = new ArrayList<>();
            for (int r = in.readInt(); r > 0; r--) {
              rows.add(readValues(in));
            }
            out.add(new StatementResult(count, columns, rows, rowid));
          }
          return out;
        });
  }

  private static void writeValues(DataOutputStream out, List<Object> values) throws IOException {
    out.writeInt(values.size());
    for (Object v : values) {
      if (v == null) {
        out.writeByte(NULL);
      } else if (v instanceof Long l) {
        out.writeByte(LONG);
        out.writeLong(l);
      } else if (v instanceof Double d) {
        out.writeByte(DOUBLE);
        out.writeDouble(d);
      } else if (v instanceof String s) {
        out.writeByte(TEXT);
        writeText(out, s);
      } else if (v instanceof byte[] b) {
        out.writeByte(BLOB);
        out.writeInt(b.length);
        out.write(b);
      } else {
        throw new IllegalArgumentException("not an SQLite value: " + v.getClass().getName());
      }
    }
  }

  private static List<Object> readValues(DataInputStream in) throws IOException {
    int n = in.readInt();
    List<Object> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte tag = in.readByte();
      values.add(
          switch (tag) {
            case NULL -> null;
            case LONG -> in.readLong();
            case DOUBLE -> in.readDouble();
            case TEXT -> readText(in);
            case BLOB -> in.readNBytes(in.readInt());
            default -> throw new IOException("unknown value tag " + tag);
          });
    }
    return values;
  }

  /** Length-prefixed UTF-8: writeUTF stops at 64 KiB, and migrations may be larger. */
  private static void writeText(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readText(DataInputStream in) throws IOException {
    return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private interface Reader<T> {
    T read(DataInputStream in, int version) throws IOException;
  }

  private static byte[] write(Writer w) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      w.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static <T> T read(byte[] bytes, Reader<T> r) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int version = in.readByte();
      if (version != VERSION && version != VERSION_WITHOUT_SCOPE) {
        throw new IllegalStateException(
            "registry entry written in format "
                + version
                + ", this version reads "
                + VERSION_WITHOUT_SCOPE
                + " and "
                + VERSION);
      }
      return r.read(in, version);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt registry entry", e);
    }
  }
}
