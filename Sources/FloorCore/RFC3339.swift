/// RFC 3339 timestamps without Foundation, so pure modules and the byte decoder can share them.
public enum RFC3339 {
    /// Formats as `YYYY-MM-DDTHH:MM:SS.sssZ` (UTC, millisecond precision).
    public static func format(_ time: EventTime) -> String {
        let ms = time.milliseconds
        let days = floorDivide(ms, 86_400_000)
        let msOfDay = ms - days * 86_400_000
        let (year, month, day) = civilFromDays(days)
        let hour = msOfDay / 3_600_000
        let minute = (msOfDay / 60_000) % 60
        let second = (msOfDay / 1000) % 60
        let milli = msOfDay % 1000
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(hour, 2) + ":" + pad(minute, 2)
            + ":" + pad(second, 2) + "." + pad(milli, 3) + "Z"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` from bytes. Returns nil when malformed.
    /// A space is accepted in place of `T` (Asterisk and SQL exports write it so).
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> EventTime? {
        parseCanonical(bytes) ?? parseGeneral(bytes)
    }

    /// Every accepted form, byte by byte.
    static func parseGeneral(_ bytes: UnsafeRawBufferPointer) -> EventTime? {
        var reader = DigitReader(bytes: bytes)
        guard let year = reader.digits(4), reader.expect(UInt8(ascii: "-")),
            let month = reader.digits(2), reader.expect(UInt8(ascii: "-")),
            let day = reader.digits(2)
        else { return nil }
        guard
            reader.expect(UInt8(ascii: "T")) || reader.expect(UInt8(ascii: "t"))
                || reader.expect(UInt8(ascii: " "))
        else { return nil }
        guard let hour = reader.digits(2), reader.expect(UInt8(ascii: ":")),
            let minute = reader.digits(2), reader.expect(UInt8(ascii: ":")),
            let second = reader.digits(2)
        else { return nil }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else {
            return nil
        }
        var millis: Int64 = 0
        if reader.expect(UInt8(ascii: ".")) || reader.expect(UInt8(ascii: ",")) {
            var scale: Int64 = 100
            var count = 0
            while let digit = reader.peekDigit() {
                reader.advance()
                millis += digit * scale
                scale /= 10
                count += 1
            }
            if count == 0 { return nil }
        }
        var offsetMinutes: Int64 = 0
        if reader.expect(UInt8(ascii: "Z")) || reader.expect(UInt8(ascii: "z")) {
            offsetMinutes = 0
        } else if let sign = reader.next(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            guard let offsetHours = reader.digits(2), reader.expect(UInt8(ascii: ":")),
                let offsetMins = reader.digits(2)
            else { return nil }
            offsetMinutes = (offsetHours * 60 + offsetMins) * (sign == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return nil
        }
        guard reader.atEnd else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offsetMinutes * 60
        return EventTime(milliseconds: seconds * 1000 + millis)
    }

    /// The form `format` writes (and most senders do), `YYYY-MM-DDTHH:MM:SS.sssZ`, read as three
    /// 8-byte words: every separator and digit is checked with a few masks and the two-digit
    /// fields come out of one multiply per word (time parsing was a tenth of decoding a native
    /// line, digit by digit). Returns nil for anything else, which the general parser then reads
    /// (or rejects).
    @inline(__always)
    public static func parseCanonical(_ bytes: UnsafeRawBufferPointer) -> EventTime? {
        guard bytes.count == 24 else { return nil }
        let date = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self))  // YYYY-MM-
        let middle = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))  // DDTHH:MM
        let end = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self))  // :SS.sssZ
        guard Canonical.matches(date, Canonical.date), Canonical.matches(middle, Canonical.middle),
            Canonical.matches(end, Canonical.end)
        else { return nil }
        // Each lane i of `pairs` holds digit i * 10 + digit i+1: a two-digit field read at once.
        let datePairs = Canonical.pairs(date)
        let middlePairs = Canonical.pairs(middle)
        let endPairs = Canonical.pairs(end)
        let year = Canonical.lane(datePairs, 0) * 100 + Canonical.lane(datePairs, 2)
        let month = Canonical.lane(datePairs, 5)
        let day = Canonical.lane(middlePairs, 0)
        let hour = Canonical.lane(middlePairs, 3)
        let minute = Canonical.lane(middlePairs, 6)
        let second = Canonical.lane(endPairs, 1)
        let millis = Canonical.lane(endPairs, 4) * 10 + Canonical.lane(end & Canonical.lowNibbles, 6)
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else {
            return nil
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        return EventTime(milliseconds: (days * 86_400 + hour * 3600 + minute * 60 + min(second, 59)) * 1000 + millis)
    }

    /// The masks of the canonical form's three words.
    private enum Canonical {
        /// Per word: the digit lanes (0xFF where a digit belongs) and the separators' bytes (zero
        /// in digit lanes).
        typealias Layout = (digits: UInt64, separators: UInt64)
        /// "YYYY-MM-": digits in lanes 0-3, 5, 6; "-" in 4 and 7.
        static let date: Layout = (0x00FF_FF00_FFFF_FFFF, 0x2D00_002D_0000_0000)
        /// "DDTHH:MM": digits in 0, 1, 3, 4, 6, 7; "T" in 2 and ":" in 5.
        static let middle: Layout = (0xFFFF_00FF_FF00_FFFF, 0x0000_3A00_0054_0000)
        /// ":SS.sssZ": digits in 1, 2, 4, 5, 6; ":" in 0, "." in 3 and "Z" in 7.
        static let end: Layout = (0x00FF_FFFF_00FF_FF00, 0x5A00_0000_2E00_003A)
        static let lowNibbles: UInt64 = 0x0F0F_0F0F_0F0F_0F0F
        static let highNibbles: UInt64 = 0xF0F0_F0F0_F0F0_F0F0

        /// The separators are exact, and every digit lane holds 0x30…0x39: its high nibble is 3,
        /// and adding 6 to its low nibble does not carry (no lane can carry into the next).
        @inline(__always)
        static func matches(_ word: UInt64, _ layout: Layout) -> Bool {
            let separatorLanes = ~layout.digits
            let digitHigh = word & layout.digits & highNibbles
            let digitLow = word & layout.digits & lowNibbles
            return word & separatorLanes == layout.separators
                && digitHigh == layout.digits & 0x3030_3030_3030_3030
                && (digitLow &+ (layout.digits & 0x0606_0606_0606_0606)) & highNibbles == 0
        }

        /// Lane i: digit i * 10 + digit i+1 (at most 99, so no lane overflows).
        @inline(__always)
        static func pairs(_ word: UInt64) -> UInt64 {
            let digits = word & lowNibbles
            return digits &* 10 &+ (digits >> 8)
        }

        @inline(__always)
        static func lane(_ word: UInt64, _ index: Int) -> Int64 {
            Int64((word >> UInt64(index * 8)) & 0xFF)
        }
    }

    public static func parse(_ text: String) -> EventTime? {
        var copy = text
        return copy.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        // Years from -10000 on: shifted by 25 eras so plain division floors (no sign branches:
        // every event time passes through here).
        let era = shiftedYear >= -10_000 ? (shiftedYear + 10_000) / 400 - 25 : floorDivide(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// Integer division rounding toward negative infinity (times before 1970 stay correct).
@inlinable
public func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
    let quotient = value / divisor
    return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
}

private struct DigitReader {
    let bytes: UnsafeRawBufferPointer
    var index = 0

    var atEnd: Bool { index == bytes.count }

    mutating func next() -> UInt8? {
        guard index < bytes.count else { return nil }
        defer { index += 1 }
        return bytes[index]
    }

    mutating func advance() { index += 1 }

    func peekDigit() -> Int64? {
        guard index < bytes.count else { return nil }
        let byte = bytes[index]
        guard byte >= 0x30, byte <= 0x39 else { return nil }
        return Int64(byte - 0x30)
    }

    mutating func expect(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func digits(_ count: Int) -> Int64? {
        var value: Int64 = 0
        for _ in 0..<count {
            guard let digit = peekDigit() else { return nil }
            value = value * 10 + digit
            index += 1
        }
        return value
    }
}
