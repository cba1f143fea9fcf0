using SocialCommerce.Moderation.Screening;

namespace SocialCommerce.Moderation.Pipeline;

/// <summary>One named piece of a content item (a product's title, description and tags; a post's text).</summary>
public sealed record ContentField(string Name, string Text);

/// <summary>A content version as the events describe it, ready for screening.</summary>
public sealed record ContentSubmission(string Kind, Guid ContentId, int Revision, Guid OwnerId, IReadOnlyList<ContentField> Fields);

/// <summary>A field with the hits found in it; positions are into <see cref="Text"/> as submitted.</summary>
public sealed record FieldHits(string Name, string Text, IReadOnlyList<Hit> Hits);

public sealed record ScreeningResult(string Outcome, IReadOnlyList<FieldHits> Fields)
{
    /// <summary>What the owner is told: each hit's term, category and where it is, e.g. <c>title: "国家级" (advertising-law) at 2, length 3</c>.</summary>
    public IReadOnlyList<string> Reasons() =>
        Fields.SelectMany(field => field.Hits.Select(hit =>
            $"{field.Name}: \"{hit.Term}\" ({hit.Category}) at {hit.Start}, length {hit.Length}")).ToList();
}
