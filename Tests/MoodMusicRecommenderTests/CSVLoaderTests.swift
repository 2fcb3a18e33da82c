import Testing
@testable import MoodMusicRecommender

@Suite struct CSVLoaderTests {
    @Test func quotedFieldsWithCommasNewlinesAndDoubledQuotes() throws {
        let csv = TestData.header + "\n"
            + TestData.row(id: "t1", name: "\"thank u, next\"") + "\n"
            + TestData.row(id: "t2", name: "\"two\nlines \"\"quoted\"\"\"") + "\n"
        let (catalog, report) = try Catalog.load(tracksPath: TestData.temporaryFile(csv))
        #expect(report.tracksLoaded == 2)
        #expect(report.malformedLines.isEmpty)
        #expect(catalog.name(at: 0) == "thank u, next")
        #expect(catalog.name(at: 1) == "two\nlines \"quoted\"")
    }

    @Test func crlfLineEnds() throws {
        let csv = [TestData.header, TestData.row(id: "t1"), TestData.row(id: "t2", name: "\"a,\r\nb\"")].joined(separator: "\r\n") + "\r\n"
        let (catalog, report) = try Catalog.load(tracksPath: TestData.temporaryFile(csv))
        #expect(report.tracksLoaded == 2)
        #expect(catalog.id(at: 1) == "t2")
        #expect(catalog.name(at: 1) == "a,\r\nb")
        #expect(catalog.column(.timeSignature) == [4, 4])
    }

    @Test func pythonListLiteralsWithBothQuoteStylesAndEscapes() throws {
        let csv = TestData.header + "\n"
            + TestData.row(id: "t1", artists: "\"['A', \"\"B's\"\"]\"") + "\n"
            + TestData.row(id: "t2", artists: "\"['Knoc-Turn\\'Al With Missy \"\"Misdemeanor\"\" Elliott', 'Caf\\xe9']\"") + "\n"
            + TestData.row(id: "t3", artists: "[]") + "\n"
        let (catalog, report) = try Catalog.load(tracksPath: TestData.temporaryFile(csv))
        #expect(report.malformedLines.isEmpty)
        #expect(catalog.artists(at: 0) == ["A", "B's"])
        #expect(catalog.artists(at: 1) == ["Knoc-Turn'Al With Missy \"Misdemeanor\" Elliott", "Café"])
        #expect(catalog.artists(at: 2) == [])
    }

    @Test func releaseDateAsYearYearMonthOrFullDate() throws {
        let csv = TestData.header + "\n"
            + TestData.row(id: "t1", date: "1999") + "\n"
            + TestData.row(id: "t2", date: "1987-06") + "\n"
            + TestData.row(id: "t3", date: "2020-01-31") + "\n"
            + TestData.row(id: "t4", date: "20-01-31") + "\n"
        let (catalog, report) = try Catalog.load(tracksPath: TestData.temporaryFile(csv))
        #expect((0..<3).map { catalog.releaseYear(at: $0) } == [1999, 1987, 2020])
        #expect(report.malformedLines == [5])
    }

    @Test func emptyFieldsAreFilledWithTheMedianAndCounted() throws {
        let csv = TestData.header + "\n"
            + TestData.row(id: "t1", popularity: "10", danceability: "0.1") + "\n"
            + TestData.row(id: "t2", popularity: "", danceability: "0.2") + "\n"
            + TestData.row(id: "t3", popularity: "30", danceability: "") + "\n"
            + TestData.row(id: "t4", popularity: "", danceability: "0.9") + "\n"
        let (catalog, report) = try Catalog.load(tracksPath: TestData.temporaryFile(csv))
        #expect(catalog.column(.popularity) == [10, 20, 30, 20])
        #expect(catalog.column(.danceability) == [0.1, 0.2, 0.2, 0.9])
        #expect(catalog.wasFilled(1, .popularity) && !catalog.wasFilled(0, .popularity))
        let filled = Dictionary(uniqueKeysWithValues: report.filled.map { ($0.column, $0.count) })
        #expect(filled == [.popularity: 2, .danceability: 1])
        #expect(report.description.contains("popularity"))
    }

    @Test func malformedRowsAreSkippedWithTheirLineNumbers() throws {
        let csv = TestData.header + "\n"
            + TestData.row(id: "t1") + "\n"                       // line 2
            + TestData.row(id: "t2", danceability: "high") + "\n" // line 3: not a number
            + "t3,too,few,fields\n"                               // line 4
            + TestData.row(id: "t4", name: "\"multi\nline\"") + "\n" // lines 5-6, fine
            + TestData.row(id: "t5", name: "\"bad\"x") + "\n"     // line 7: text after a closing quote
            + TestData.row(id: "t6", artists: "\"['unclosed]\"") + "\n" // line 8: broken list literal
            + TestData.row(id: "t1") + "\n"                       // line 9: duplicate id
            + TestData.row(id: "t7") + "\n"
        let (catalog, report) = try Catalog.load(tracksPath: TestData.temporaryFile(csv))
        #expect(report.malformedLines == [3, 4, 7, 8])
        #expect(report.duplicateIdLines == [9])
        #expect((0..<catalog.count).map { catalog.id(at: $0) } == ["t1", "t4", "t7"])
        #expect(report.rowsRead == 8)
    }

    @Test func wrongHeaderIsAClearError() throws {
        let csv = "id,title,popularity\nx,y,1\n"
        #expect(throws: CatalogError.self) { try Catalog.load(tracksPath: TestData.temporaryFile(csv)) }
        do {
            _ = try Catalog.load(tracksPath: TestData.temporaryFile(csv))
        } catch {
            #expect(error.description.contains("missing column(s) name, artists"))
        }
    }

    @Test func missingFileIsAnError() {
        #expect(throws: CatalogError.self) { try Catalog.load(tracksPath: "/nonexistent/tracks.csv") }
    }

    @Test func genresJoinThroughIdArtists() throws {
        let artists = "id,followers,genres,name,popularity\na1,10,\"['dance pop', \"\"rock 'n' roll\"\"]\",A,50\na2,5,[],B,1\n"
        let csv = TestData.header + "\n"
            + TestData.row(id: "t1", idArtists: "\"['a1', 'a2']\"") + "\n"
            + TestData.row(id: "t2", idArtists: "['a2']") + "\n"
            + TestData.row(id: "t3", idArtists: "") + "\n"
        let (catalog, report) = try Catalog.load(tracksPath: TestData.temporaryFile(csv),
                                                 artistsPath: TestData.temporaryFile(artists, name: "artists.csv"))
        #expect(catalog.genres(at: 0) == ["dance pop", "rock 'n' roll"])
        #expect(catalog.genres(at: 1).isEmpty && catalog.genres(at: 2).isEmpty)
        #expect(report.tracksWithGenres == 1)
        #expect(report.artistsLoaded == 2)
    }

    @Test func realCatalogLoadsCompletely() {
        let (catalog, report) = RealCatalog.loaded
        #expect(catalog.count == 50_836)
        #expect(report.malformedLines.isEmpty)
        let filled = Dictionary(uniqueKeysWithValues: report.filled.map { ($0.column, $0.count) })
        #expect(filled[.popularity] == 29_793 && filled[.releaseYear] == 29_793)
        #expect(filled[.explicit] == 30_431 && filled[.mode] == 638)
        #expect(catalog.index(ofId: "3e9HZxeyfWwjeyPAMmWSSQ").map { catalog.name(at: $0) } == "thank u, next")
        #expect(report.tracksWithGenres > 10_000)
    }

    @Test func numberParserMatchesStrtod() {
        for text in ["0", "-5.069", "7.730000000000001e-05", "1E3", ".5", "120.255", "-0.0", "9.11e-06", "34554242"] {
            let bytes = Array(text.utf8)
            let parsed = bytes.withUnsafeBufferPointer { NumberParser.double($0, 0, $0.count) }
            #expect(parsed == Double(text), "\(text)")
        }
        for bad in ["", "abc", "1.2.3", "1e", "-"] {
            let bytes = Array(bad.utf8)
            #expect(bytes.withUnsafeBufferPointer { NumberParser.double($0, 0, $0.count) } == nil, "\(bad)")
        }
    }
}
