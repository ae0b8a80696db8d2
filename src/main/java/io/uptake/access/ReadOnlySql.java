package io.uptake.access;

import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.expressions.CallMethodViaReflection;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LeafNode;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.OneRowRelation;
import org.apache.spark.sql.catalyst.plans.logical.Range;
import org.apache.spark.sql.catalyst.plans.logical.ScriptTransformation;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.execution.columnar.InMemoryRelation;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import scala.Function1;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * A Spark session extension ({@code spark.sql.extensions}) that, once {@link #confine}d, makes the
 * JVM's sessions read-only and confines them to a few table directories: the SQL server's, which
 * BI users reach without authentication. After analysis, every statement must be a query, or one
 * of a few SHOW, DESCRIBE and USE commands; its files must lie in a served table; and it may not
 * run a program ({@code TRANSFORM ... USING}) or call Java methods ({@code reflect}). Hiding tables
 * alone would not do: {@code delta.`path`}, {@code SET}, {@code ADD JAR} and the temporary views
 * of a shared session would reach or change everything else.
 *
 * <p>The confinement is a JVM-wide value, not a session setting: a JDBC client can pass settings
 * when it connects, and the Thrift server applies them to the session.
 */
public final class ReadOnlySql extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {
  private static volatile List<String> confinedTo;

  /** From now on, every session of this JVM with the extension may read only these table directories. */
  public static synchronized void confine(List<String> tableDirs) {
    List<String> dirs = tableDirs.stream().map(ReadOnlySql::normalise).toList();
    if (confinedTo != null && !confinedTo.equals(dirs)) {
      throw new IllegalStateException("already confined to " + confinedTo);
    }
    confinedTo = dirs;
  }

  // After analysis (ResolveSessionCatalog turns the v2 forms into these v1 commands).
  private static final Set<String> ALLOWED_COMMANDS = Set.of(
      "ShowTables", "ShowTablesCommand", "ShowTableExtended", "ShowViews", "ShowViewsCommand", "ShowNamespaces",
      "ShowColumns", "ShowColumnsCommand", "DescribeRelation", "DescribeTableCommand", "DescribeColumn",
      "DescribeColumnCommand", "DescribeNamespace", "SetCatalogAndNamespace", "SetNamespaceCommand", "ShowFunctions",
      "ShowFunctionsCommand", "DescribeFunction", "DescribeFunctionCommand", "ShowCurrentNamespaceCommand");

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    extensions.injectCheckRule(new AbstractFunction1<SparkSession, Function1<LogicalPlan, BoxedUnit>>() {
      @Override
      public Function1<LogicalPlan, BoxedUnit> apply(SparkSession session) {
        return new AbstractFunction1<LogicalPlan, BoxedUnit>() {
          @Override
          public BoxedUnit apply(LogicalPlan plan) {
            List<String> readable = confinedTo;
            if (readable != null) {
              check(plan, readable);
            }
            return BoxedUnit.UNIT;
          }
        };
      }
    });
    return BoxedUnit.UNIT;
  }

  /** Throws {@link SecurityException} unless the analysed plan is allowed. */
  static void check(LogicalPlan plan, List<String> readable) {
    if (plan instanceof Command) {
      if (!ALLOWED_COMMANDS.contains(plan.getClass().getSimpleName())) {
        throw refuse("only queries (SELECT, WITH), SHOW, DESCRIBE and USE are served; not " + plan.nodeName());
      }
      return;
    }
    visit(plan, readable);
  }

  // Every node, and the plans of subqueries in its expressions (IN, EXISTS, scalar), all the way down.
  private static void visit(LogicalPlan plan, List<String> readable) {
    plan.foreach(new AbstractFunction1<LogicalPlan, BoxedUnit>() {
      @Override
      public BoxedUnit apply(LogicalPlan node) {
        checkNode(node, readable);
        scala.collection.Iterator<LogicalPlan> subqueries = node.subqueries().iterator();
        while (subqueries.hasNext()) {
          visit(subqueries.next(), readable);
        }
        return BoxedUnit.UNIT;
      }
    });
  }

  private static void checkNode(LogicalPlan node, List<String> readable) {
    if (node instanceof Command) {
      throw refuse("commands are not served: " + node.nodeName());
    }
    if (node instanceof ScriptTransformation) {
      throw refuse("TRANSFORM ... USING runs a program: not served");
    }
    scala.collection.Iterator<Expression> expressions = node.expressions().iterator();
    while (expressions.hasNext()) {
      if (expressions.next().find(new AbstractFunction1<Expression, Object>() {
        @Override
        public Object apply(Expression e) {
          return e instanceof CallMethodViaReflection;
        }
      }).isDefined()) {
        throw refuse("reflect() and java_method() call Java methods: not served");
      }
    }
    if (node instanceof LogicalRelation relation) {
      if (!(relation.relation() instanceof HadoopFsRelation files)) {
        throw refuse("only the served tables can be read, not " + relation.relation().getClass().getSimpleName());
      }
      scala.collection.Iterator<Path> roots = files.location().rootPaths().iterator();
      while (roots.hasNext()) {
        String root = normalise(roots.next().toString());
        if (readable.stream().noneMatch(r -> root.equals(r) || root.startsWith(r + "/"))) {
          throw refuse("only the served tables can be read; " + root + " is not one of them");
        }
      }
    } else if (node instanceof LeafNode && !(node instanceof LocalRelation || node instanceof OneRowRelation
        || node instanceof Range || node instanceof LogicalRDD || node instanceof InMemoryRelation)) {
      // Rows made in this JVM (RDDs, caches, the published views' own) are allowed: no SQL makes them.
      throw refuse("only the served tables can be read, not " + node.getClass().getSimpleName());
    }
  }

  // "file:/a/b", "file:///a/b/" and "/a/b" name one directory.
  private static String normalise(String path) {
    String p = new Path(path).toUri().getPath();
    return p.endsWith("/") && p.length() > 1 ? p.substring(0, p.length() - 1) : p;
  }

  private static SecurityException refuse(String why) {
    return new SecurityException("uptake sql-server: " + why);
  }
}
