package io.cybernetcall.platform.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.runtime.SimpleScheduler;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The race this class prevents cannot be caused on demand (it needs a scheduled job and a start-up
 * observer to build the two data sources in the same microseconds), so this checks what prevents
 * it: the data source is created before the scheduler starts any job, whatever Quarkus version sets
 * the scheduler's priority.
 */
class RedisDataSourceFirstTest {

  @Test
  void theDataSourceIsCreatedBeforeTheSchedulerStartsItsJobs() {
    int ours = startupPriority(RedisDataSourceFirst.class);
    int scheduler = startupPriority(SimpleScheduler.class);

    assertThat(ours).isLessThan(scheduler);
  }

  private static int startupPriority(Class<?> type) {
    return Arrays.stream(type.getDeclaredMethods())
        .flatMap(method -> Arrays.stream(method.getParameters()))
        .filter(RedisDataSourceFirstTest::observesStartup)
        .map(parameter -> parameter.getAnnotation(Priority.class).value())
        .findFirst()
        .orElseThrow(() -> new AssertionError(type + " observes no StartupEvent with a priority"));
  }

  private static boolean observesStartup(Parameter parameter) {
    return parameter.getType() == StartupEvent.class
        && parameter.isAnnotationPresent(Observes.class)
        && parameter.isAnnotationPresent(Priority.class);
  }
}
