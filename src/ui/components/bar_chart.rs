use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::ui::words::Thousands;

/// Colours for series, in order; the last is for "Other". Chosen to stay apart for common
/// colour-vision deficiencies, and every bar has a text label too.
const PALETTE: [&str; 9] = [
    "#0b5394", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#7a5195", "#8c6d1f",
    "#6b7280",
];

#[derive(Properties, PartialEq)]
pub struct BarChartProps {
    /// What the chart shows, for screen readers and as its heading.
    pub label: AttrValue,
    /// `YYYY-MM`, consecutive.
    pub months: Vec<String>,
    pub series: Vec<String>,
    /// `counts[m][s]`.
    pub counts: Vec<Vec<u32>>,
    /// Undated records per series: shown as their own bar, never hidden.
    #[prop_or_default]
    pub undated: Vec<u32>,
    /// Called with a month when its bar is chosen.
    #[prop_or_default]
    pub on_select: Option<Callback<String>>,
    /// The month currently chosen, drawn outlined.
    #[prop_or_default]
    pub selected: Option<String>,
}

/// A coordinate to a tenth, as `{:.1}` writes it, without the exact decimal conversion that
/// formatting a float to a precision runs (a chart of 145 bars wrote 700 a render).
fn tenths(v: f64) -> String {
    let t = (v * 10.0).round();
    if !t.is_finite() || t.abs() >= 1e15 {
        return format!("{v:.1}");
    }
    let t = t as i64;
    let sign = if t < 0 { "-" } else { "" };
    format!("{sign}{}.{}", t.abs() / 10, t.abs() % 10)
}

fn month_name(month: &str) -> String {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let m: usize = month.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(0);
    match NAMES.get(m.wrapping_sub(1)) {
        Some(name) => format!("{name} {}", month.get(..4).unwrap_or(month)),
        None => month.to_string(),
    }
}

/// Month bars, stacked by series, with an honest "undated" bar and a legend. When the chart is
/// interactive it is a toolbar of buttons, one a month, with one stop for the Tab key (the
/// month last focused, else the one chosen, else the first), and the arrow keys, Home and End
/// move between the months: a chart of twelve years is one stop, not 144, on the way from the
/// search box to the results.
#[function_component(BarChart)]
pub fn bar_chart(props: &BarChartProps) -> Html {
    // The month whose bar was focused last, which keeps the Tab stop while the chart has it.
    let focused = use_state(|| None::<String>);
    let tab_stop = [focused.as_ref(), props.selected.as_ref()]
        .into_iter()
        .flatten()
        .find(|m| props.months.contains(m))
        .or(props.months.first());
    let undated_total: u32 = props.undated.iter().sum();
    let has_undated = undated_total > 0;
    let bars = props.months.len() + usize::from(has_undated);
    if bars == 0 {
        return html! { <p class="chart-empty">{ "Nothing to chart." }</p> };
    }
    let totals: Vec<u32> = props.counts.iter().map(|c| c.iter().sum()).collect();
    let max = totals
        .iter()
        .copied()
        .chain(std::iter::once(undated_total))
        .max()
        .unwrap_or(1)
        .max(1);
    let (width, height, base) = (720.0f64, 124.0f64, 120.0f64);
    let slot = width / bars as f64;
    // A bar fills most of its month's slot, but no more than a twelfth of the chart: a month
    // or two of results still reads as bars, not as a block across the page.
    let bar_w = (slot * 0.8).clamp(1.0, width / 12.0);
    let scale = |n: u32| f64::from(n) / f64::from(max) * (base - 8.0);
    let colour = |s: usize| PALETTE[s.min(PALETTE.len() - 1)];
    let bar = |i: usize, label: String, stack: &[u32], month: Option<&String>| {
        let total: u32 = stack.iter().sum();
        let x = i as f64 * slot + (slot - bar_w) / 2.0;
        let mut y = base;
        let detail: Vec<String> = stack
            .iter()
            .enumerate()
            .filter(|(_, &n)| n > 0)
            .map(|(s, &n)| {
                format!(
                    "{}: {}",
                    props.series.get(s).map_or("", String::as_str),
                    Thousands::from(n)
                )
            })
            .collect();
        let tip = if detail.len() > 1 {
            format!(
                "{label}: {} ({})",
                Thousands::from(total),
                detail.join(", ")
            )
        } else {
            format!("{label}: {}", Thousands::from(total))
        };
        let rects = stack.iter().enumerate().filter(|(_, &n)| n > 0).map(|(s, &n)| {
            let h = scale(n);
            y -= h;
            html! { <rect x={tenths(x)} y={tenths(y)} width={tenths(bar_w)} height={tenths(h)} fill={colour(s)} /> }
        }).collect::<Html>();
        let selected = month.is_some() && month == props.selected.as_ref();
        let interactive = month.is_some() && props.on_select.is_some();
        let class = classes!(
            "bar",
            selected.then_some("selected"),
            month.is_none().then_some("undated")
        );
        // Keyed by month: a month chosen from the keyboard keeps its bar's element, and the
        // focus, as the months around it go.
        html! {
            <g key={month.map_or("undated", String::as_str)} {class} role={if interactive { "button" } else { "img" }}
                tabindex={interactive.then_some(if month == tab_stop { "0" } else { "-1" })}
                aria-label={tip.clone()} data-month={interactive.then(|| month.cloned()).flatten()}>
                <title>{ tip }</title>
                <rect class="hit" x={tenths(i as f64 * slot)} y="0" width={tenths(slot)} height={format!("{base}")} fill="transparent" />
                { rects }
            </g>
        }
    };
    let mut groups: Vec<Html> = props
        .months
        .iter()
        .enumerate()
        .map(|(i, m)| bar(i, month_name(m), &props.counts[i], Some(m)))
        .collect();
    if has_undated {
        groups.push(bar(
            props.months.len(),
            "Undated".into(),
            &props.undated,
            None,
        ));
    }
    let first = props
        .months
        .first()
        .map(|m| month_name(m))
        .unwrap_or_default();
    let last = props
        .months
        .last()
        .map(|m| month_name(m))
        .unwrap_or_default();
    // The last month's name ends under its bar, clear of the undated bar's name.
    let last_tick = use_node_ref();
    {
        let last_tick = last_tick.clone();
        let undated_share = has_undated.then(|| 100.0 / bars as f64);
        use_effect_with(undated_share.map(f64::to_bits), move |_| {
            if let Some(el) = last_tick.cast::<web_sys::HtmlElement>() {
                let gap = undated_share.map_or_else(
                    || "0".to_string(),
                    |share| format!("max({share:.2}%, 4.5rem)"),
                );
                let _ = el.style().set_property("margin-right", &gap);
            }
        });
    }
    // One handler for every bar, on the chart: the chosen bar is the one the event came from,
    // named by its `data-month`.
    let onclick = props.on_select.clone().map(|on_select| {
        Callback::from(move |e: MouseEvent| {
            if let Some(month) = bar_of(&e).and_then(|bar| bar.get_attribute("data-month")) {
                on_select.emit(month);
            }
        })
    });
    let onkeydown = props.on_select.clone().map(|on_select| {
        Callback::from(move |e: KeyboardEvent| {
            let Some(bar) = bar_of(&e) else {
                return;
            };
            let next = |el: &web_sys::Element| el.next_element_sibling();
            let previous = |el: &web_sys::Element| el.previous_element_sibling();
            let parent = bar.parent_element();
            let to = match e.key().as_str() {
                "Enter" | " " => {
                    e.prevent_default();
                    if let Some(month) = bar.get_attribute("data-month") {
                        on_select.emit(month);
                    }
                    return;
                }
                "ArrowRight" => bar_from(next(&bar), next),
                "ArrowLeft" => bar_from(previous(&bar), previous),
                "Home" => bar_from(parent.and_then(|p| p.first_element_child()), next),
                "End" => bar_from(parent.and_then(|p| p.last_element_child()), previous),
                _ => return,
            };
            e.prevent_default();
            if let Some(to) = to.and_then(|to| to.dyn_into::<web_sys::SvgElement>().ok()) {
                // Focusing it moves the Tab stop to it (`onfocusin`).
                let _ = to.focus();
            }
        })
    });
    let onfocusin = props.on_select.is_some().then(|| {
        let focused = focused.clone();
        Callback::from(move |e: FocusEvent| {
            let month = bar_of(&e).and_then(|bar| bar.get_attribute("data-month"));
            if month.is_some() && *focused != month {
                focused.set(month);
            }
        })
    });
    let role = if props.on_select.is_some() {
        "toolbar"
    } else {
        "group"
    };
    html! {
        <figure class="bar-chart">
            <div class="plot">
                <svg viewBox={format!("0 0 {width} {height}")} {role} aria-label={props.label.clone()} preserveAspectRatio="none" {onclick} {onkeydown} {onfocusin}>
                    <line x1="0" x2={format!("{width}")} y1={format!("{base}")} y2={format!("{base}")} class="axis" />
                    // The bars in a group of their own, all keyed (yew matches a list with any
                    // child unkeyed from its end, child by child).
                    <g class="bars">{ for groups }</g>
                </svg>
                // The axis's ends as text beside the drawing, which is stretched to any width and
                // would stretch letters with it. Each bar names its own month to screen readers.
                <div class="ticks" aria-hidden="true">
                    <span>{ first }</span>
                    if props.months.len() > 1 {
                        <span class="last" ref={last_tick.clone()}>{ last }</span>
                    }
                    if has_undated {
                        <span class="undated">{ "undated" }</span>
                    }
                </div>
            </div>
            if props.series.len() > 1 {
                <figcaption>
                    <ul class="legend">
                        { for props.series.iter().enumerate().map(|(s, name)| html! {
                            <li><span class={format!("swatch s{}", s.min(PALETTE.len() - 1))} aria-hidden="true"></span>{ name.clone() }</li>
                        }) }
                    </ul>
                </figcaption>
            }
        </figure>
    }
}

/// The month's bar an event came from (a bar or anything drawn in it): the chart has one
/// handler for every bar, and the bar names its month in its `data-month`.
fn bar_of(e: &Event) -> Option<web_sys::Element> {
    let target = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    target.closest("[data-month]").ok()?
}

/// The first month's bar from `el` on, stepping with `step`: past the undated bar, which is no
/// month.
fn bar_from(
    mut el: Option<web_sys::Element>,
    step: impl Fn(&web_sys::Element) -> Option<web_sys::Element>,
) -> Option<web_sys::Element> {
    while let Some(e) = el {
        if e.has_attribute("data-month") {
            return Some(e);
        }
        el = step(&e);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::tenths;

    #[test]
    fn coordinates_are_written_to_a_tenth() {
        for v in [
            0.0, 0.04, 0.05, 0.96, 1.0, 4.96, 12.35, 119.99, 720.0, 4.9675, -0.5, -3.26,
        ] {
            let expected = format!("{:.1}", (v * 10.0f64).round() / 10.0);
            assert_eq!(tenths(v), expected, "{v}");
        }
        assert_eq!(tenths(4.9675), "5.0");
        assert_eq!(tenths(f64::NAN), "NaN");
    }
}
