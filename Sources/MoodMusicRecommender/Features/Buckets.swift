/// The one-hot buckets of the year and popularity groups.
enum Buckets {
    /// Decades: ≤1920s, 1930s, …, 2020s.
    static let yearCount = 11
    /// Single release years: ≤1920, 1921, …, 2029 (so year slot y lies in decade bucket y / 10).
    static let exactYearCount = 110
    static let firstExactYear = 1920
    /// Popularity 0–9, 10–19, …, 90–100.
    static let popularityCount = 10
    /// The code for "no bucket" (value unknown).
    static let none: Int = -1

    static func year(_ year: Float) -> Int { min(max(Int(year) / 10 - 192, 0), yearCount - 1) }
    static func exactYear(_ year: Float) -> Int { min(max(Int(year) - firstExactYear, 0), exactYearCount - 1) }
    /// The decade bucket of exact-year slot `slot` (`none` stays `none`).
    static func decade(ofExactYear slot: Int) -> Int { slot == none ? none : slot / 10 }
    static func popularity(_ popularity: Float) -> Int { min(max(Int(popularity) / 10, 0), popularityCount - 1) }
}
