using IngressCore.Annotations;

namespace IngressCore.Annotations.Tests;

/// <summary>
/// The screen every annotation value passes before its grammar: once a grammar admits one
/// injection character, every other one in the value must still be found, wherever it stands
/// (right after the admitted one, or far from it), and the length cap is exact.
/// </summary>
public sealed class AnnotationTextTests
{
    private const string Injection = "\"'`{};#\\$";

    [Fact]
    public void An_injection_character_the_grammar_does_not_admit_is_found_after_one_it_admits()
    {
        foreach (var admitted in Injection)
        {
            foreach (var refused in Injection.Where(c => c != admitted))
            {
                foreach (var value in new[] { $"{admitted}{refused}", $"a{admitted}b{refused}c", $"{admitted}{admitted}x{admitted}{refused}", $"{admitted}{new string('a', 100)}{refused}" })
                {
                    var problem = AnnotationText.Screen(value, admitted.ToString());
                    Assert.True(problem is not null, $"'{value}' passed with only '{admitted}' admitted");
                    Assert.Contains(refused == '$' ? "contains '$'" : $"contains '{refused}'", problem, StringComparison.Ordinal);
                }
            }

            Assert.Null(AnnotationText.Screen($"{admitted}a{admitted}{admitted}", admitted.ToString()));
        }
    }

    [Fact]
    public void The_length_cap_is_exact()
    {
        Assert.Null(AnnotationText.ScreenControl(new string('a', AnnotationText.MaxLength)));
        Assert.Equal(
            $"is {AnnotationText.MaxLength + 1} characters long; at most {AnnotationText.MaxLength} are allowed",
            AnnotationText.ScreenControl(new string('a', AnnotationText.MaxLength + 1)));
    }
}
