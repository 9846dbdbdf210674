package dev.sharedschema.driver.internal.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.declaresException;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isDefaultMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.sql.ResultSet;
import java.sql.SQLException;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.modifier.TypeManifestation;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.MethodCall;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Writes the boring half of each wrapper. A wrapper base class (e.g. {@link StatementWrapper})
 * implements by hand only the methods that have behaviour and holds its target in a field named
 * {@code delegate}; this class generates, once per JVM, a final subclass that implements every
 * other interface method (abstract or default) as a direct call on that field, plus a {@link
 * WrapperFactory} that calls the subclass's constructor. The generated code is ordinary bytecode
 * the JIT inlines: no {@code InvocationHandler}, no {@code Method.invoke}, no lookup by name per
 * call. Classes are defined in this package through a private lookup, so they reach package-private
 * members.
 */
final class DelegateGenerator {
  private static final String DELEGATE = "delegate";
  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
  private static final ElementMatcher.Junction<MethodDescription> LEFT_OPEN =
      isAbstract().or(isDefaultMethod());

  private DelegateGenerator() {}

  /** Every method left open calls the delegate. */
  static <A, B, W> WrapperFactory<A, B, W> passThrough(Class<?> base, Class<B> delegateType) {
    return generate(base, delegateType, delegateCall(), delegateCall(), delegateCall());
  }

  /**
   * Every method left open first calls the base's no-argument method {@code guard} (which throws
   * when the wrapper is closed), then the delegate. Methods that cannot throw {@link SQLException}
   * are not guarded; the base must write those by hand if they need the check.
   */
  static <A, B, W> WrapperFactory<A, B, W> guarded(
      Class<?> base, Class<B> delegateType, String guard) {
    Implementation guardedCall =
        MethodCall.invoke(named(guard).and(takesNoArguments())).andThen(delegateCall());
    return generate(base, delegateType, guardedCall, delegateCall(), guardedCall);
  }

  /**
   * Every method left open calls the delegate; those returning a {@link ResultSet} hand the
   * delegate's result to the base's method {@code wrapper}{@code (ResultSet)} and return what it
   * returns.
   */
  static <A, B, W> WrapperFactory<A, B, W> wrappingResultSets(
      Class<?> base, Class<B> delegateType, String wrapper) {
    Implementation wrapped =
        MethodCall.invoke(named(wrapper).and(takesArguments(ResultSet.class)))
            .withMethodCall(delegateCall());
    return generate(base, delegateType, delegateCall(), delegateCall(), wrapped);
  }

  private static MethodCall delegateCall() {
    return MethodCall.invokeSelf().onField(DELEGATE).withAllArguments();
  }

  /**
   * @param base the hand-written abstract class; a generic base is parameterized with {@code
   *     delegateType} (e.g. {@code StatementWrapper<Statement>}) so the delegate field is read with
   *     its exact type
   * @param body methods left open
   * @param unchecked those of them that cannot throw SQLException
   * @param returningResultSet those of them that return a ResultSet
   */
  private static <A, B, W> WrapperFactory<A, B, W> generate(
      Class<?> base,
      Class<B> delegateType,
      Implementation body,
      Implementation unchecked,
      Implementation returningResultSet) {
    String name = base.getName();
    ClassLoadingStrategy<ClassLoader> strategy = ClassLoadingStrategy.UsingLookup.of(LOOKUP);
    ClassLoader loader = DelegateGenerator.class.getClassLoader();
    Class<?> wrapper =
        new ByteBuddy()
            .subclass(
                base.getTypeParameters().length == 0
                    ? TypeDescription.Generic.Builder.rawType(base).build()
                    : TypeDescription.Generic.Builder.parameterizedType(base, delegateType).build(),
                ConstructorStrategy.Default.IMITATE_SUPER_CLASS_OPENING)
            .name(name + "$$Delegating")
            .modifiers(Visibility.PUBLIC, TypeManifestation.FINAL)
            .method(LEFT_OPEN)
            .intercept(body)
            .method(LEFT_OPEN.and(not(declaresException(SQLException.class))))
            .intercept(unchecked)
            .method(LEFT_OPEN.and(returns(ResultSet.class)))
            .intercept(returningResultSet)
            .make()
            .load(loader, strategy)
            .getLoaded();
    Constructor<?>[] constructors = wrapper.getDeclaredConstructors();
    if (constructors.length != 1 || constructors[0].getParameterCount() != 2) {
      throw new IllegalStateException(name + " must declare exactly one two-argument constructor");
    }
    // Implementing WrapperFactory<Owner, Delegate, Base> (not the raw interface) lets the
    // arguments reach the constructor with their exact types; Byte Buddy adds the erased bridge.
    Class<?>[] parameters = constructors[0].getParameterTypes();
    Class<?> factory =
        new ByteBuddy()
            .subclass(
                TypeDescription.Generic.Builder.parameterizedType(
                        WrapperFactory.class, parameters[0], parameters[1], base)
                    .build())
            .name(name + "$$Factory")
            .modifiers(Visibility.PUBLIC, TypeManifestation.FINAL)
            .method(isAbstract())
            .intercept(MethodCall.construct(constructors[0]).withAllArguments())
            .make()
            .load(loader, strategy)
            .getLoaded();
    try {
      @SuppressWarnings("unchecked")
      WrapperFactory<A, B, W> instance =
          (WrapperFactory<A, B, W>) factory.getDeclaredConstructor().newInstance();
      return instance;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate the generated factory of " + name, e);
    }
  }
}
