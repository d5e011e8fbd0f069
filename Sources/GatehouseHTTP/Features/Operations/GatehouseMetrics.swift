import Metrics
import Prometheus

/// The process-wide Prometheus registry behind `/metrics`. swift-metrics can be bootstrapped once per
/// process, so this is a lazily created singleton (tests build many applications in one process).
public enum GatehouseMetrics {
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.nameAndLabelSanitizer = { name, labels in
            (prometheusName(name), labels.map { (prometheusName($0.0), $0.1) })
        }
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// Makes sure the registry exists before any metric is created.
    public static func bootstrap() { _ = registry }

    /// Prometheus names are `[a-zA-Z_:][a-zA-Z0-9_:]*`; Hummingbird's labels use dots (`hb.requests`).
    static func prometheusName(_ name: String) -> String {
        let renamed: String = switch name {
        case "hb.requests": "gatehouse_http_requests_total"
        case "hb.request.errors": "gatehouse_http_request_errors_total"
        case "http.server.request.duration": "gatehouse_http_request_duration_seconds"
        case "http.server.active_requests": "gatehouse_http_active_requests"
        default: name
        }
        return String(renamed.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" ? $0 : "_" })
    }
}
