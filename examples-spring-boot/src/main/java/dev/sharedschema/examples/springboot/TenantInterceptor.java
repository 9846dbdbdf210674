package dev.sharedschema.examples.springboot;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/** Takes the tenant from the path ({@code /tenants/{tenant}/…}) for the length of the request. */
final class TenantInterceptor implements HandlerInterceptor {
  private final TenantDataSource tenants;

  TenantInterceptor(TenantDataSource tenants) {
    this.tenants = tenants;
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object h) {
    @SuppressWarnings("unchecked")
    Map<String, String> vars =
        (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    String tenant = vars == null ? null : vars.get("tenant");
    if (tenant != null) {
      if (!tenants.serves(tenant)) {
        throw new ResponseStatusException(
            HttpStatus.NOT_FOUND,
            "no tenant '" + tenant + "' here; add it to sharedschema.fleet.tenants");
      }
      TenantContext.set(tenant);
    }
    return true;
  }

  @Override
  public void afterCompletion(
      HttpServletRequest request, HttpServletResponse response, Object h, Exception e) {
    TenantContext.clear();
  }
}
