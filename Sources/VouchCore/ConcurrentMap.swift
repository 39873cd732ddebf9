import Foundation

extension Array where Element: Sendable {
    /// `map` spread over up to `maxConcurrency` tasks, results in the original order.
    ///
    /// For CPU-bound, independent checks such as verifying many signatures: the elements are split into contiguous
    /// slices, one task per slice, so the overhead is a handful of tasks however many elements there are.
    public func concurrentMap<T: Sendable>(
        maxConcurrency: Int = ProcessInfo.processInfo.activeProcessorCount,
        _ transform: @escaping @Sendable (Element) -> T
    ) async -> [T] {
        let workers = Swift.max(1, Swift.min(maxConcurrency, count))
        guard workers > 1 else { return map(transform) }
        let sliceSize = (count + workers - 1) / workers
        return await withTaskGroup(of: (Int, [T]).self) { group in
            for start in stride(from: 0, to: count, by: sliceSize) {
                let slice = Array(self[start..<Swift.min(start + sliceSize, count)])
                group.addTask { (start, slice.map(transform)) }
            }
            var slices: [(Int, [T])] = []
            for await slice in group { slices.append(slice) }
            return slices.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }
}
