/// A decoded MaxMind DB data field.
public enum Value: Sendable, Hashable {
    case map([String: Value])
    case array([Value])
    case string(String)
    case double(Double)
    case float(Float)
    case bytes([UInt8])
    case uint16(UInt16)
    case uint32(UInt32)
    case int32(Int32)
    case uint64(UInt64)
    /// An unsigned 128-bit integer as its high and low 64-bit halves.
    case uint128(high: UInt64, low: UInt64)
    case boolean(Bool)
}

extension Value {
    /// The value stored under `key` if this is a map.
    public subscript(key: String) -> Value? {
        if case let .map(entries) = self { entries[key] } else { nil }
    }

    /// The element at `index` if this is an array and the index is in range.
    public subscript(index: Int) -> Value? {
        guard case let .array(elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    public var stringValue: String? {
        if case let .string(string) = self { string } else { nil }
    }

    /// `double` and `float` values as `Double`.
    public var doubleValue: Double? {
        switch self {
        case let .double(value): value
        case let .float(value): Double(value)
        default: nil
        }
    }

    /// Any integer type, when it is non-negative and fits in `UInt64`.
    public var uintValue: UInt64? {
        switch self {
        case let .uint16(value): UInt64(value)
        case let .uint32(value): UInt64(value)
        case let .uint64(value): value
        case let .int32(value): value >= 0 ? UInt64(value) : nil
        case let .uint128(high, low): high == 0 ? low : nil
        default: nil
        }
    }

    /// Any integer type, when it fits in `Int`.
    public var intValue: Int? {
        if case let .int32(value) = self { return Int(value) }
        guard let value = uintValue else { return nil }
        return Int(exactly: value)
    }

    public var boolValue: Bool? {
        if case let .boolean(value) = self { value } else { nil }
    }

    public var mapValue: [String: Value]? {
        if case let .map(entries) = self { entries } else { nil }
    }

    public var arrayValue: [Value]? {
        if case let .array(elements) = self { elements } else { nil }
    }
}
