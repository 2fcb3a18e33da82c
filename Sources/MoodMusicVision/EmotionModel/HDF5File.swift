import CHDF5
import Foundation
/// libhdf5 calls are serialised through this lock (Debian's build has a global lock of its own, but other
/// builds may not, and the error-reporting state we change below is process-wide).
private let hdf5Lock = NSLock()

/// A float tensor read from an HDF5 dataset, row-major (C order).
struct WeightTensor: Sendable {
    let shape: [Int]
    let values: [Float]
}

/// A read-only HDF5 file, just enough of libhdf5 to read a Keras 2 model: string attributes and float datasets.
///
/// Use it through `HDF5File.read(path:_:)`, which opens the file, runs the body under the library-wide lock
/// and closes the file again.
struct HDF5File: ~Copyable {
    private let id: hid_t
    let path: String

    // libhdf5's constants are macros Swift cannot import; these are their values in 1.10.
    private static let readOnly: UInt32 = 0  // H5F_ACC_RDONLY
    private static let defaultProperties: hid_t = 0  // H5P_DEFAULT
    private static let allSelection: hid_t = 0  // H5S_ALL
    private static let variableSize = Int.max &* 2 &+ 1  // H5T_VARIABLE == (size_t)-1

    static func read<T>(path: String, _ body: (borrowing HDF5File) throws -> T) throws -> T {
        guard FileManager.default.fileExists(atPath: path) else { throw EmotionModelError.fileNotFound(path: path) }
        return try hdf5Lock.withLock {
            H5open()
            // Silence libhdf5's own error-stack printing while we work; failures become Swift errors instead.
            var previousHandler: H5E_auto2_t? = nil
            var previousData: UnsafeMutableRawPointer? = nil
            H5Eget_auto2(0, &previousHandler, &previousData)
            H5Eset_auto2(0, nil, nil)
            defer {
                // Errors left on this thread's stack keep libhdf5 from shutting down cleanly at exit
                // ("HDF5: infinite loop closing library"), so drop them once the failure is a Swift error.
                H5Eclear2(0)
                H5Eset_auto2(0, previousHandler, previousData)
            }

            let id = H5Fopen(path, readOnly, defaultProperties)
            guard id >= 0 else { throw EmotionModelError.unreadableHDF5(path: path, detail: "not an HDF5 file") }
            let file = HDF5File(id: id, path: path)
            return try body(file)
        }
    }

    private init(id: hid_t, path: String) {
        self.id = id
        self.path = path
    }

    deinit { H5Fclose(id) }

    private func failure(_ detail: String) -> EmotionModelError {
        .unreadableHDF5(path: path, detail: detail)
    }

    /// Whether `object` (a group path such as "/" or "model_weights/conv2d_1") carries attribute `name`.
    func hasAttribute(_ name: String, on object: String = "/") -> Bool {
        H5Aexists_by_name(id, object, name, Self.defaultProperties) > 0
    }

    /// Whether a link (group or dataset) exists at `path`.
    func hasObject(_ path: String) -> Bool {
        H5Lexists(id, path, Self.defaultProperties) > 0
    }

    /// The strings stored in attribute `name` of `object`: one for a scalar attribute, one per element for an
    /// array. Handles both variable-length and fixed-length (null-padded or null-terminated) strings; an empty
    /// array of any type (h5py writes empty lists as float64) reads as no strings.
    func stringAttribute(_ name: String, on object: String = "/") throws -> [String] {
        let attribute = H5Aopen_by_name(id, object, name, Self.defaultProperties, Self.defaultProperties)
        guard attribute >= 0 else { throw failure("missing attribute \(name) on \(object)") }
        defer { H5Aclose(attribute) }
        let fileType = H5Aget_type(attribute)
        defer { H5Tclose(fileType) }
        let space = H5Aget_space(attribute)
        defer { H5Sclose(space) }
        let count = Int(H5Sget_simple_extent_npoints(space))
        if count == 0 { return [] }
        guard H5Tget_class(fileType) == H5T_STRING else { throw failure("attribute \(name) on \(object) is not a string") }

        let isVariable = H5Tis_variable_str(fileType) > 0
        let size = H5Tget_size(fileType)
        // Variable-length: a C string type made here rather than copied from H5T_C_S1_g (a mutable C global
        // Swift 6 rejects). Fixed-length: read as stored, padding included, and trimmed at the first NUL below.
        let memoryType = isVariable ? H5Tcreate(H5T_STRING, Self.variableSize) : H5Tcopy(fileType)
        guard memoryType >= 0 else { throw failure("cannot make a string type for attribute \(name)") }
        defer { H5Tclose(memoryType) }
        if isVariable {
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            guard H5Aread(attribute, memoryType, &pointers) >= 0 else { throw failure("cannot read attribute \(name)") }
            defer { H5Dvlen_reclaim(memoryType, space, Self.defaultProperties, &pointers) }
            return pointers.map { $0.map { String(cString: $0) } ?? "" }
        }
        var bytes = [UInt8](repeating: 0, count: size * count)
        guard H5Aread(attribute, memoryType, &bytes) >= 0 else { throw failure("cannot read attribute \(name)") }
        return (0..<count).map { index in
            let element = bytes[(index * size)..<((index + 1) * size)]
            let end = element.firstIndex(of: 0) ?? element.endIndex
            return String(decoding: element[element.startIndex..<end], as: UTF8.self)
        }
    }

    /// The float32 dataset at `path`, converted by libhdf5 to native floats whatever its stored type.
    func floatDataset(_ path: String) throws -> WeightTensor {
        let dataset = H5Dopen2(id, path, Self.defaultProperties)
        guard dataset >= 0 else { throw failure("missing dataset \(path)") }
        defer { H5Dclose(dataset) }
        let space = H5Dget_space(dataset)
        defer { H5Sclose(space) }
        let rank = Int(H5Sget_simple_extent_ndims(space))
        guard rank >= 0 else { throw failure("cannot read the shape of \(path)") }
        var dims = [hsize_t](repeating: 0, count: rank)
        H5Sget_simple_extent_dims(space, &dims, nil)
        let shape = dims.map { Int($0) }
        // The native form of the stored type (not H5T_NATIVE_FLOAT_g, a mutable C global Swift 6 rejects).
        let fileType = H5Dget_type(dataset)
        defer { H5Tclose(fileType) }
        let memoryType = H5Tget_native_type(fileType, H5T_DIR_ASCEND)
        defer { H5Tclose(memoryType) }
        guard H5Tget_class(memoryType) == H5T_FLOAT, H5Tget_size(memoryType) == MemoryLayout<Float>.size else {
            throw failure("dataset \(path) is not float32")
        }
        var values = [Float](repeating: 0, count: shape.reduce(1, *))
        let status = values.withUnsafeMutableBytes { buffer in
            H5Dread(dataset, memoryType, Self.allSelection, Self.allSelection, Self.defaultProperties, buffer.baseAddress)
        }
        guard status >= 0 else { throw failure("cannot read dataset \(path) as float") }
        return WeightTensor(shape: shape, values: values)
    }
}
