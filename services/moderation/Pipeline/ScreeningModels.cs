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
    /// <summary>
    /// What the owner is told: each hit's term, category and where it is, e.g. <c>title: "国家级" (advertising-law) at 2, length 3</c>.
    /// A hit lying inside a longer one of the same category (最低价 inside 全网最低价) adds nothing for the owner and is left out;
    /// the case keeps every hit for the moderator.
    /// </summary>
    public IReadOnlyList<string> Reasons() =>
        Fields.SelectMany(field => field.Hits
            .Where(hit => !field.Hits.Any(other => other != hit && other.Category == hit.Category && other.Length > hit.Length
                && other.Start <= hit.Start && hit.Start + hit.Length <= other.Start + other.Length))
            .Select(hit => $"{field.Name}: \"{hit.Term}\" ({hit.Category}) at {hit.Start}, length {hit.Length}")).ToList();
}
