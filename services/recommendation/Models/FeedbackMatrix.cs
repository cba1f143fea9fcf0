namespace SocialCommerce.Recommendation.Models;

/// <summary>
/// Implicit feedback as compressed sparse rows: for each row (a user, or a product in the transpose) the columns it touched
/// and how strongly. ALS reads it both ways, so it is built once and transposed once.
/// </summary>
public sealed class FeedbackMatrix
{
    private readonly int[] rowStarts;
    private readonly int[] columns;
    private readonly float[] values;

    private FeedbackMatrix(int rowCount, int columnCount, int[] rowStarts, int[] columns, float[] values)
    {
        RowCount = rowCount;
        ColumnCount = columnCount;
        this.rowStarts = rowStarts;
        this.columns = columns;
        this.values = values;
    }

    public int RowCount { get; }
    public int ColumnCount { get; }
    public int NonZeros => columns.Length;

    public ReadOnlySpan<int> ColumnsOf(int row) => columns.AsSpan(rowStarts[row], rowStarts[row + 1] - rowStarts[row]);
    public ReadOnlySpan<float> ValuesOf(int row) => values.AsSpan(rowStarts[row], rowStarts[row + 1] - rowStarts[row]);

    /// <summary>Builds the matrix from (row, column, value) entries; entries of the same cell add up. Columns are sorted within a row.</summary>
    public static FeedbackMatrix FromEntries(int rowCount, int columnCount, IEnumerable<(int Row, int Column, float Value)> entries)
    {
        var cells = new Dictionary<long, float>();
        foreach (var (row, column, value) in entries)
        {
            if ((uint)row >= rowCount || (uint)column >= columnCount) throw new ArgumentOutOfRangeException(nameof(entries), $"({row}, {column}) is outside the matrix.");
            var key = (long)row * columnCount + column;
            cells[key] = cells.GetValueOrDefault(key) + value;
        }

        var keys = cells.Keys.ToArray();
        Array.Sort(keys);
        var starts = new int[rowCount + 1];
        var columnIndex = new int[keys.Length];
        var cellValues = new float[keys.Length];
        for (var n = 0; n < keys.Length; n++)
        {
            var row = (int)(keys[n] / columnCount);
            starts[row + 1]++;
            columnIndex[n] = (int)(keys[n] % columnCount);
            cellValues[n] = cells[keys[n]];
        }

        for (var row = 0; row < rowCount; row++) starts[row + 1] += starts[row];
        return new FeedbackMatrix(rowCount, columnCount, starts, columnIndex, cellValues);
    }

    public FeedbackMatrix Transpose()
    {
        var starts = new int[ColumnCount + 1];
        foreach (var column in columns) starts[column + 1]++;
        for (var column = 0; column < ColumnCount; column++) starts[column + 1] += starts[column];
        var next = starts[..^1].ToArray();
        var rowIndex = new int[columns.Length];
        var cellValues = new float[columns.Length];
        for (var row = 0; row < RowCount; row++)
        {
            for (var n = rowStarts[row]; n < rowStarts[row + 1]; n++)
            {
                var slot = next[columns[n]]++;
                rowIndex[slot] = row;
                cellValues[slot] = values[n];
            }
        }

        return new FeedbackMatrix(ColumnCount, RowCount, starts, rowIndex, cellValues);
    }
}
