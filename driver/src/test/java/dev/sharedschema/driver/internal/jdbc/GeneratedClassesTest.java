package dev.sharedschema.driver.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated half of each wrapper: complete, in our package, no proxies, made once. */
class GeneratedClassesTest {
  @TempDir Path dir;
  TestDatabase db;
  Connection conn;

  @BeforeEach
  void setUp() throws SQLException {
    db = new TestDatabase(dir);
    conn = db.open();
  }

  @AfterEach
  void tearDown() throws SQLException {
    conn.close();
  }

  /** Every method of {@code iface} resolves, on {@code type}, to a concrete class method. */
  private static void assertImplementsEverything(Class<?> type, Class<?> iface) throws Exception {
    assertThat(Proxy.isProxyClass(type)).isFalse();
    assertThat(type.getPackageName()).isEqualTo(JdbcWrappers.class.getPackageName());
    assertThat(Modifier.isAbstract(type.getModifiers())).isFalse();
    List<String> notImplemented = new ArrayList<>();
    for (Method m : iface.getMethods()) {
      if (Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      Method impl = type.getMethod(m.getName(), m.getParameterTypes());
      if (Modifier.isAbstract(impl.getModifiers()) || impl.getDeclaringClass().isInterface()) {
        notImplemented.add(m.toString());
      }
    }
    assertThat(notImplemented).isEmpty();
  }

  @Test
  void everyWrapperImplementsItsWholeInterface() throws Exception {
    Statement s = conn.createStatement();
    PreparedStatement ps = conn.prepareStatement("select 1");
    DatabaseMetaData meta = conn.getMetaData();
    assertImplementsEverything(conn.getClass(), Connection.class);
    assertImplementsEverything(s.getClass(), Statement.class);
    assertImplementsEverything(ps.getClass(), PreparedStatement.class);
    assertImplementsEverything(meta.getClass(), DatabaseMetaData.class);
    assertImplementsEverything(s.executeQuery("select 1").getClass(), ResultSet.class);
    assertImplementsEverything(meta.getCatalogs().getClass(), ResultSet.class);
  }

  @Test
  void callableStatementWrapperIsCompleteAndKeepsIdentity() throws Exception {
    // sqlite-jdbc never makes a CallableStatement, so the wrapper is checked without a delegate.
    ConnectionWrapper wrapper = conn.unwrap(ConnectionWrapper.class);
    CallableStatement cs = CallableStatementWrapper.of(wrapper, null);
    assertImplementsEverything(cs.getClass(), CallableStatement.class);
    assertThat(cs.getConnection()).isSameAs(conn);
    assertThat(cs.isWrapperFor(CallableStatement.class)).isTrue();
  }

  @Test
  void classesAreGeneratedOncePerJvm() throws SQLException {
    try (Connection other = db.open();
        Statement s1 = conn.createStatement();
        Statement s2 = other.createStatement()) {
      assertThat(other.getClass()).isSameAs(conn.getClass());
      assertThat(s2.getClass()).isSameAs(s1.getClass());
      assertThat(other.getMetaData().getClass()).isSameAs(conn.getMetaData().getClass());
    }
  }

  @Test
  void defaultInterfaceMethodsReachSqlite() throws SQLException {
    // Statement.executeLargeBatch is a default method that throws UnsupportedOperationException;
    // sqlite-jdbc overrides it, so it must be delegated, not inherited.
    db.run("create table t(x)");
    try (Statement s = conn.createStatement()) {
      s.addBatch("insert into t values (1)");
      s.addBatch("insert into t values (2)");
      assertThat(s.executeLargeBatch()).containsExactly(1L, 1L);
    }
  }
}
