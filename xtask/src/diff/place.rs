//! A place being compared: the JSON pointer the report gives and the label people read.

use super::spec::child;

/// A place being compared: its pointer and how people read it.
#[derive(Debug, Clone)]
pub(super) struct Place {
    pub(super) pointer: String,
    /// What holds the schema (`request body`, `response 200`); empty in a component schema.
    base: String,
    /// The path inside the schema (`license.url`, `reviewers[]`, `oneOf[0]`).
    path: String,
}

impl Place {
    /// The root of a schema at `pointer`, held by `base`.
    pub(super) fn new(pointer: String, base: impl Into<String>) -> Place {
        Place {
            pointer,
            base: base.into(),
            path: String::new(),
        }
    }

    /// The label of the place: `base: path`, or either alone.
    pub(super) fn label(&self) -> String {
        match (self.base.is_empty(), self.path.is_empty()) {
            (_, true) => self.base.clone(),
            (true, false) => self.path.clone(),
            (false, false) => format!("{}: {}", self.base, self.path),
        }
    }

    fn descend(&self, segments: &[&str], step: &str) -> Place {
        let pointer = segments
            .iter()
            .fold(self.pointer.clone(), |at, segment| child(&at, segment));
        let path = if step.starts_with('[') || step.starts_with('{') || self.path.is_empty() {
            format!("{}{step}", self.path)
        } else {
            format!("{}.{step}", self.path)
        };
        Place {
            pointer,
            base: self.base.clone(),
            path,
        }
    }

    pub(super) fn property(&self, name: &str) -> Place {
        self.descend(&["properties", name], name)
    }

    pub(super) fn items(&self) -> Place {
        self.descend(&["items"], "[]")
    }

    pub(super) fn values(&self) -> Place {
        self.descend(&["additionalProperties"], "{}")
    }

    pub(super) fn member(&self, keyword: &str, index: usize) -> Place {
        let index_text = index.to_string();
        self.descend(&[keyword, &index_text], &format!("{keyword}[{index}]"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_as_paths_and_pointers_are_escaped() {
        let root = Place::new("#/components/schemas/a".to_owned(), "");
        assert_eq!(root.label(), "");
        let deep = root
            .property("x/y")
            .items()
            .property("z")
            .member("oneOf", 1)
            .values();
        assert_eq!(deep.label(), "x/y[].z.oneOf[1]{}");
        assert_eq!(
            deep.pointer,
            "#/components/schemas/a/properties/x~1y/items/properties/z/oneOf/1/additionalProperties"
        );
        let body = Place::new("#/paths/~1a/post/requestBody".to_owned(), "request body");
        assert_eq!(body.label(), "request body");
        assert_eq!(body.property("geo").label(), "request body: geo");
    }
}
