using System.Linq.Expressions;

namespace Omni.Platform.Database;

public static class QueryableExtensions
{
    /// <summary><c>Take(count)</c> with the count written into the SQL as a constant. As a parameter,
    /// Postgres's reusable (generic) plan would not know the LIMIT and would plan for every row, so each
    /// execution would be planned again; with a constant, each page size gets one prepared plan.</summary>
    public static IQueryable<T> TakeAsConstant<T>(this IQueryable<T> query, int count) =>
        query.Provider.CreateQuery<T>(Expression.Call(
            typeof(Queryable), nameof(Queryable.Take), [typeof(T)], query.Expression, Expression.Constant(count)));
}
